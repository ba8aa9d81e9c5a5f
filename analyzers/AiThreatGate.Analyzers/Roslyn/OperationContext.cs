using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>
/// One operation handed to a rule by <see cref="OperationActions.Register{TBlock}"/>: what the compiler's operation
/// context would hold, for operations the rules reach from syntax instead of through a compiler operation action.
/// </summary>
internal readonly struct OperationContext
{
    private readonly Action<Diagnostic> _report;

    public OperationContext(IOperation operation, ISymbol containingSymbol, Compilation compilation, AnalyzerOptions options, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        Operation = operation;
        ContainingSymbol = containingSymbol;
        Compilation = compilation;
        Options = options;
        _report = report;
        CancellationToken = cancellationToken;
    }

    public IOperation Operation { get; }

    /// <summary>The symbol whose body holds the operation (the method, accessor, field or top-level entry point).</summary>
    public ISymbol ContainingSymbol { get; }

    public Compilation Compilation { get; }

    public AnalyzerOptions Options { get; }

    public CancellationToken CancellationToken { get; }

    public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);
}
