using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
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
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(
            start,
            RuleCatalog.AITG010,
            TaintSources.LlmOutput,
            CreateSinkFinder,
            contextSanitizer: null,
            OperationKind.SimpleAssignment,
            OperationKind.ObjectCreation,
            OperationKind.Invocation));
    }

    private static System.Func<IOperation, SinkUse?>? CreateSinkFinder(Compilation compilation)
    {
        var dbCommand = new TypeSet(compilation, "System.Data.IDbCommand");
        var sqlApis = new TypeSet(
            compilation,
            "Dapper.SqlMapper",
            "Dapper.CommandDefinition",
            "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions",
            "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");
        if (dbCommand.IsEmpty && sqlApis.IsEmpty)
        {
            return null;
        }

        bool IsCommand(INamedTypeSymbol type) => dbCommand.ContainsOrInherits(type);

        return operation => operation switch
        {
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "CommandText" } property } assignment when IsCommand(property.Property.ContainingType) =>
                new SinkUse(assignment.Value, property.Property.ContainingType.Name + ".CommandText"),
            IObjectCreationOperation { Type: INamedTypeSymbol type } creation when (IsCommand(type) || sqlApis.Contains(type)) && TaintSinkRule.Argument(creation.Arguments, "commandText", "cmdText") is { } text =>
                new SinkUse(text, "new " + type.Name),
            IInvocationOperation invocation when sqlApis.Contains(invocation.TargetMethod.ContainingType) && TaintSinkRule.Argument(invocation.Arguments, "sql") is { } sql =>
                new SinkUse(sql, invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name),
            _ => null,
        };
    }
}
