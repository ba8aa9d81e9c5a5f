using System;
using System.Linq;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>Whether a threat counts as resolved on a given day, and why (or why not).</summary>
public sealed record Resolution(bool IsResolved, string Explanation);

/// <summary>
/// The resolution rules of the format: mitigated needs controls; accepted needs a decision with approver and
/// justification that has not expired; planned needs a decision with ticket and a due date not yet passed;
/// transferred needs a decision with an approver; eliminated and not-applicable are resolved; open and
/// in-progress are not.
/// </summary>
public static class ThreatResolution
{
    public static Resolution Evaluate(Threat threat, ThreatModelDocument document, DateOnly today)
    {
        switch (threat.Status)
        {
            case ThreatStatus.Mitigated:
                return Vocabulary.IsEmpty(threat.Controls)
                    ? new Resolution(false, "marked mitigated but names no control")
                    : new Resolution(true, "mitigated by " + threat.Controls);
            case ThreatStatus.Eliminated:
                return new Resolution(true, "eliminated by design");
            case ThreatStatus.NotApplicable:
                return new Resolution(true, "not applicable");
            case ThreatStatus.Accepted:
            {
                var decision = document.DecisionsFor(threat.Id).LastOrDefault(d => d.Kind == DecisionKind.Accepted);
                if (decision is null)
                {
                    return new Resolution(false, "marked accepted but has no 'accepted' risk decision");
                }

                if (Vocabulary.IsEmpty(decision.ApprovedBy) || Vocabulary.IsEmpty(decision.Justification))
                {
                    return new Resolution(false, "accepted without an approver and a justification");
                }

                if (decision.Due is { } expires && expires < today)
                {
                    return new Resolution(false, $"acceptance by {decision.ApprovedBy} expired on {expires:yyyy-MM-dd}");
                }

                return new Resolution(true, $"accepted by {decision.ApprovedBy}" + (decision.Due is { } until ? $" until {until:yyyy-MM-dd}" : string.Empty));
            }

            case ThreatStatus.Planned:
            {
                var decision = document.DecisionsFor(threat.Id).LastOrDefault(d => d.Kind == DecisionKind.Planned);
                if (decision is null || Vocabulary.IsEmpty(decision.Ticket) || decision.Due is null)
                {
                    return new Resolution(false, "marked planned without a 'planned' risk decision that has a ticket and a due date");
                }

                if (decision.Due < today)
                {
                    return new Resolution(false, $"planned fix ({decision.Ticket}) was due on {decision.Due:yyyy-MM-dd}");
                }

                return new Resolution(true, $"planned in {decision.Ticket}, due {decision.Due:yyyy-MM-dd}");
            }

            case ThreatStatus.Transferred:
            {
                var decision = document.DecisionsFor(threat.Id).LastOrDefault(d => d.Kind == DecisionKind.Transferred);
                return decision is null || Vocabulary.IsEmpty(decision.ApprovedBy)
                    ? new Resolution(false, "marked transferred without a 'transferred' risk decision and approver")
                    : new Resolution(true, $"transferred, approved by {decision.ApprovedBy}");
            }

            case ThreatStatus.InProgress:
                return new Resolution(false, "in progress");
            default:
                return new Resolution(false, "open");
        }
    }
}
