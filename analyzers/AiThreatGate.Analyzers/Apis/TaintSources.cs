using System.Collections.Generic;
using AiThreatGate.Analyzers.Taint;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>The kinds of data the taint rules track, each recognized in the SDKs and frameworks that produce it.</summary>
internal static class TaintSources
{
    /// <summary>Model output: what an LLM answered (<see cref="LlmOutputSources"/>).</summary>
    public static readonly SourceKind LlmOutput = new LlmOutputSources();

    /// <summary>Input a caller of the application controls (<see cref="UntrustedInputSources"/>).</summary>
    public static readonly SourceKind UntrustedInput = new UntrustedInputSources();

    /// <summary>Content the application fetches, which a third party may have written (<see cref="ExternalContentSources"/>).</summary>
    public static readonly SourceKind ExternalContent = new ExternalContentSources();

    public static IReadOnlyList<SourceKind> All { get; } = new[] { LlmOutput, UntrustedInput, ExternalContent };
}
