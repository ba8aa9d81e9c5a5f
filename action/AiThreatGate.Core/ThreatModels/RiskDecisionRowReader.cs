using System;
using System.Collections.Generic;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>Reads one row of the Risk decisions table into a <see cref="RiskDecision"/>.</summary>
internal static class RiskDecisionRowReader
{
    public static void Read(ParseState state, Dictionary<string, Cell> cells, int line)
    {
        // A decision resolves a threat, so a row that names none, or whose decision is not one the gate knows, is an
        // error and is not kept: a guessed decision could let an unresolved threat pass.
        var threat = cells["threat"];
        var decision = cells["decision"];
        if (threat.IsEmpty)
        {
            state.Error(ModelDiagnosticCodes.EmptyRequiredCell, line, threat.Column, "a risk decision row names no threat");
            return;
        }

        if (!Vocabulary.TryParseDecision(decision.Text, out var kind))
        {
            state.Error(ModelDiagnosticCodes.InvalidDecision, line, decision.Column, $"decision '{decision.Text}' for {threat.Text} is not accepted, planned or transferred");
            return;
        }

        // An unreadable due date is reported; the decision is still kept, without a due date, rather than dropped.
        var dueCell = TableRowCells.Get(cells, "due");
        DateOnly? due = null;
        if (!dueCell.IsEmpty)
        {
            if (ThreatModelParser.TryParseDate(dueCell.Text, out var parsed))
            {
                due = parsed;
            }
            else
            {
                state.Error(ModelDiagnosticCodes.InvalidDate, line, dueCell.Column, $"'{dueCell.Text}' is not a date like 2026-11-22");
            }
        }

        state.Decisions.Add(new RiskDecision(threat.Text, kind, TableRowCells.Get(cells, "justification").Text, TableRowCells.Get(cells, "approved by").Text, TableRowCells.Get(cells, "ticket").Text, due, line));
    }
}
