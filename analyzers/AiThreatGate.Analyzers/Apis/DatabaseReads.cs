using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Rows read from a database (ADO.NET readers and scalars, Dapper queries): text stored there was written by whoever
/// wrote to the table (product reviews, support tickets, profile fields), so in a prompt it is indirect prompt injection.
/// Numbers, dates and booleans read from a row are stopped by the taint engine's safe types. Reads of the database's
/// own catalog (<c>INFORMATION_SCHEMA</c>, <c>sys.*</c>, <c>sqlite_master</c>, <c>pg_catalog</c>, <c>PRAGMA</c>) are not
/// rows: table and column names are the schema the application's owners created, which every text-to-SQL prompt lists.
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

    /// <summary>
    /// Whether the query a read comes from names the database catalog: a constant of the read's derivation (the command
    /// text the reader was executed with, the Dapper query) mentions <c>INFORMATION_SCHEMA</c>, a <c>sys.</c> view,
    /// <c>sqlite_master</c>/<c>sqlite_schema</c>, <c>pg_catalog</c> or a <c>PRAGMA</c>.
    /// </summary>
    public static bool ReadsCatalog(IOperation read) => CatalogReads.GetValue(read, r => new StrongBox<bool>(QueriesCatalog(r))).Value;

    // A source matcher is asked about the same read by every walk that passes it: the body is scanned once per read.
    private static readonly ConditionalWeakTable<IOperation, StrongBox<bool>> CatalogReads = new();

    private static bool QueriesCatalog(IOperation read)
    {
        var root = ValueFlow.Root(read);
        var flow = ValueFlow.Of(root);
        var roots = flow.Roots(read);
        if (roots.OfType<string>().Any(text => CatalogQuery.IsMatch(text)))
        {
            return true;
        }

        // `command.CommandText = "..."` sets the query on the command the reader came from.
        return root.Descendants().OfType<ISimpleAssignmentOperation>().Any(assignment =>
            assignment.Target is IPropertyReferenceOperation { Property.Name: "CommandText", Instance: { } command }
            && ValueFlow.ReferencedSymbol(ValueFlow.Unwrap(command)) is { } symbol && roots.Contains(symbol)
            && flow.ConstantStrings(assignment.Value).Any(text => CatalogQuery.IsMatch(text)));
    }

    private static readonly Regex CatalogQuery = new(
        @"\b(information_schema\.|sys\.(tables|columns|objects|schemas|indexes|index_columns|foreign_keys|foreign_key_columns|types|views|procedures|parameters|key_constraints|stats|stats_columns|extended_properties|dm_\w+)\b|sqlite_master\b|sqlite_schema\b|pg_catalog\.|pg_(tables|views|indexes|attribute|class|namespace)\b|pragma\s+(table_info|table_xinfo|index_list|foreign_key_list)\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromMilliseconds(200));

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
