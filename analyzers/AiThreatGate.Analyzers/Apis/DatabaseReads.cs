using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Rows read from a database (ADO.NET readers and scalars, Dapper queries): text stored there was written by whoever
/// wrote to the table (product reviews, support tickets, profile fields), so in a prompt it is indirect prompt injection.
/// Numbers, dates and booleans read from a row are stopped by the taint engine's safe types.
/// </summary>
internal static class DatabaseReads
{
    /// <summary><c>reader.GetString(i)</c>, <c>GetValue</c>, <c>GetFieldValue&lt;T&gt;</c>, <c>command.ExecuteScalar()</c>, Dapper <c>Query*</c>.</summary>
    public static bool IsRowRead(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        var name = method.Name;
        if (name is "GetString" or "GetValue" or "GetValues" or "GetChars" or "GetTextReader" || name.StartsWith("GetFieldValue", StringComparison.Ordinal))
        {
            return IsDataRecord(type);
        }

        if (name.StartsWith("ExecuteScalar", StringComparison.Ordinal))
        {
            return type.Name == "SqlMapper" || IsCommand(type);
        }

        return type.Name == "SqlMapper" && type.ContainingNamespace?.ToDisplayString() == "Dapper" && name.StartsWith("Query", StringComparison.Ordinal);
    }

    /// <summary><c>reader["Body"]</c>, <c>reader[0]</c>.</summary>
    public static bool IsRowIndexer(IPropertyReferenceOperation property) =>
        property.Property.IsIndexer && property.Property.ContainingType is { } type && IsDataRecord(type);

    private static bool IsDataRecord(INamedTypeSymbol type) =>
        IsSystemData(type, "IDataRecord") || IsSystemData(type, "IDataReader") || type.AllInterfaces.Any(i => IsSystemData(i, "IDataRecord"));

    private static bool IsCommand(INamedTypeSymbol type) =>
        IsSystemData(type, "IDbCommand") || type.AllInterfaces.Any(i => IsSystemData(i, "IDbCommand"));

    private static bool IsSystemData(INamedTypeSymbol type, string name) =>
        type.Name == name && type.ContainingNamespace?.ToDisplayString() == "System.Data";
}
