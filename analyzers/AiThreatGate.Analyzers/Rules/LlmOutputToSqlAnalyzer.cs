using System;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG010: model output reaches SQL text (command text, Dapper and EF Core raw SQL) without validation.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToSqlAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG010);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var dbCommand = start.Compilation.GetTypeByMetadataName("System.Data.IDbCommand");
            var sqlApis = new TypeSet(
                start.Compilation,
                "Dapper.SqlMapper",
                "Dapper.CommandDefinition",
                "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions",
                "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");
            var taint = LlmTaint.Create(start.Compilation, start.Options);
            if (taint is null || dbCommand is null && sqlApis.IsEmpty)
            {
                return;
            }

            BlockFlow.RegisterOperationAction(
                start,
                (context, block) =>
                {
                    var found = SqlText(context.Operation, dbCommand, sqlApis);
                    if (found is null)
                    {
                        return;
                    }

                    var (sqlText, sink) = found.Value;
                    if (sqlText.ConstantValue.HasValue)
                    {
                        return;
                    }

                    var settings = TaintSettings.Read(context.Options, context.Operation.Syntax.SyntaxTree);
                    if (taint.FindSource(sqlText, block.Flow, settings) is not { } source)
                    {
                        return;
                    }

                    var roots = block.Flow.Roots(sqlText);
                    bool ChecksValue(IOperation operation) =>
                        LlmTaint.IsAllowlistCheck(operation, settings) && block.Flow.Roots(operation).Overlaps(roots);
                    if (Guards.IsGuarded(context.Operation, condition => block.Flow.Walk(condition, ChecksValue), ChecksValue))
                    {
                        return;
                    }

                    context.ReportDiagnostic(Diagnostic.Create(
                        RuleCatalog.AITG010,
                        sqlText.Syntax.GetLocation(),
                        additionalLocations: new[] { source.Syntax.GetLocation() },
                        Describe(source),
                        sink));
                },
                OperationKind.SimpleAssignment,
                OperationKind.ObjectCreation,
                OperationKind.Invocation);
        });
    }

    /// <summary>The SQL text an operation executes, with the sink's name; null for parameters and other operations.</summary>
    private static (IOperation SqlText, string Sink)? SqlText(IOperation operation, INamedTypeSymbol? dbCommand, TypeSet sqlApis)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "CommandText" } property } assignment
                when dbCommand is not null && Implements(property.Property.ContainingType, dbCommand):
                return (assignment.Value, property.Property.ContainingType.Name + ".CommandText");
            case IObjectCreationOperation creation when creation.Type is INamedTypeSymbol type && (dbCommand is not null && Implements(type, dbCommand) || sqlApis.Contains(type)):
                return Argument(creation.Arguments, "new " + type.Name, "commandText", "cmdText");
            case IInvocationOperation invocation when sqlApis.Contains(invocation.TargetMethod.ContainingType):
                return Argument(invocation.Arguments, invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name, "sql");
            default:
                return null;
        }
    }

    private static (IOperation, string)? Argument(ImmutableArray<IArgumentOperation> arguments, string sink, params string[] names)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter && Array.IndexOf(names, parameter.Name) >= 0)
            {
                return (argument.Value, sink);
            }
        }

        return null;
    }

    private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol @interface) =>
        SymbolEqualityComparer.Default.Equals(type, @interface) || type.AllInterfaces.Contains(@interface, SymbolEqualityComparer.Default);

    private static string Describe(IOperation source) => source switch
    {
        IInvocationOperation invocation => invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name,
        IParameterReferenceOperation parameter => "tool parameter " + parameter.Parameter.Name,
        _ => ValueFlow.ReferencedSymbol(source)?.Name ?? source.Syntax.ToString(),
    };
}
