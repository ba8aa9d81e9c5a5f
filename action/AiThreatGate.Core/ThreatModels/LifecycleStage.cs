namespace AiThreatGate.Core.ThreatModels;

/// <summary>The five AI lifecycle stages every threat model is organised by.</summary>
public enum LifecycleStage
{
    DataCollection,
    Training,
    ModelStorage,
    Inference,
    PostDeployment,
}
