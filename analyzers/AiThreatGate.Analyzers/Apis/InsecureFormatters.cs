using System;
using System.Linq;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>Formatters that read .NET type names from the payload and so run code chosen by the data's author.</summary>
internal static class InsecureFormatters
{
    private static readonly string[] FormatterTypes =
    {
        "System.Runtime.Serialization.Formatters.Binary.BinaryFormatter",
        "System.Runtime.Serialization.Formatters.Soap.SoapFormatter",
        "System.Runtime.Serialization.NetDataContractSerializer",
        "System.Web.UI.LosFormatter",
        "System.Web.UI.ObjectStateFormatter",
    };

    /// <summary>The names a deserializing call on a formatter mentions (the syntax prefilter of the rules that look for one).</summary>
    public static readonly string[] Names = FormatterTypes
        .Select(type => type.Substring(type.LastIndexOf('.') + 1))
        .Concat(new[] { "IFormatter", "Deserialize", "UnsafeDeserialize", "ReadObject" })
        .ToArray();

    public static bool IsFormatterType(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var name = current.ToDisplayString();
            if (Array.IndexOf(FormatterTypes, name) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A deserializing call on an insecure formatter, directly or through <c>IFormatter</c> when the receiver was created as one.
    /// Returns the formatter's type name and the argument that carries the data.
    /// </summary>
    /// <param name="block">The block's flow, asked for only when the receiver is an interface (building it is the expensive part).</param>
    public static bool IsInsecureDeserialize(IInvocationOperation invocation, BlockFlow? block, out string formatterName, out IOperation? data)
    {
        formatterName = string.Empty;
        data = null;
        var method = invocation.TargetMethod;
        if (method.Name is not ("Deserialize" or "UnsafeDeserialize" or "ReadObject") || invocation.Instance is null)
        {
            return false;
        }

        ITypeSymbol? formatter = null;
        if (IsFormatterType(method.ContainingType))
        {
            formatter = method.ContainingType;
        }
        else if (IsFormatterType(ValueFlow.Unwrap(invocation.Instance).Type))
        {
            formatter = ValueFlow.Unwrap(invocation.Instance).Type;
        }
        else if (block is not null && method.ContainingType?.Name is "IFormatter" or "XmlObjectSerializer")
        {
            block.Flow.Reaches(invocation.Instance, operation => operation is IObjectCreationOperation creation && IsFormatterType(creation.Type), out var created);
            formatter = created?.Type;
        }

        if (formatter is null)
        {
            return false;
        }

        formatterName = formatter.Name;
        data = invocation.Arguments.IsEmpty ? null : invocation.Arguments[0].Value;
        return true;
    }
}
