using System;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>Where SQL text is given to ADO.NET (<c>IDbCommand.CommandText</c>, command constructors), Dapper and EF Core raw SQL.</summary>
internal static class SqlSinks
{
    /// <summary>The operations <see cref="CreateFinder"/> recognizes.</summary>
    public static readonly OperationKind[] OperationKinds = { OperationKind.SimpleAssignment, OperationKind.ObjectCreation, OperationKind.Invocation };

    /// <summary>The SQL text an operation hands to a database API, or null when the compilation references none.</summary>
    public static Func<IOperation, SinkUse?>? CreateFinder(Compilation compilation)
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
