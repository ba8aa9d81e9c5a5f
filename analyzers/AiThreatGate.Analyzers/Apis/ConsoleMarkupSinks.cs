using System;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Where text is parsed as console markup: Spectre.Console's <c>AnsiConsole.Markup</c> / <c>MarkupLine</c> (and the
/// <c>IAnsiConsole</c> extensions of the same names) and <c>new Markup(text)</c>. Tags in model output
/// (<c>[link=…]</c>, colours, <c>[/]</c> that breaks the output) then style, link and spoof what the user sees, or
/// throw on malformed markup. The <c>*Interpolated</c> overloads escape their holes and are not sinks.
/// </summary>
internal static class ConsoleMarkupSinks
{
    /// <summary>The operations <see cref="CreateFinder"/> recognizes.</summary>
    public static readonly OperationKind[] OperationKinds = { OperationKind.ObjectCreation, OperationKind.Invocation };

    /// <summary>Spectre.Console's escapers: <c>Markup.Escape</c>, <c>Markup.Remove</c>, <c>text.EscapeMarkup()</c>, <c>text.RemoveMarkup()</c>. They sanitize for console markup only.</summary>
    public static bool IsMarkupEscaper(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { } method }
        && method.ContainingNamespace?.ToDisplayString() == "Spectre.Console"
        && (method.ContainingType?.Name == "Markup" && method.Name is "Escape" or "Remove"
            || method.Name is "EscapeMarkup" or "RemoveMarkup");

    /// <summary>The text an operation parses as console markup, or null when the compilation does not reference Spectre.Console.</summary>
    public static Func<IOperation, SinkUse?>? CreateFinder(Compilation compilation)
    {
        var consoles = new TypeSet(compilation, "Spectre.Console.AnsiConsole", "Spectre.Console.AnsiConsoleExtensions");
        var markup = new TypeSet(compilation, "Spectre.Console.Markup");
        if (consoles.IsEmpty && markup.IsEmpty)
        {
            return null;
        }

        return operation => operation switch
        {
            IObjectCreationOperation creation when markup.Contains(creation.Type) && TaintSinkRule.Argument(creation.Arguments, "text") is { } text =>
                new SinkUse(text, "new Markup (Spectre.Console markup; escape it with Markup.Escape)"),
            IInvocationOperation { TargetMethod.Name: "Markup" or "MarkupLine" } invocation when consoles.Contains(invocation.TargetMethod.ContainingType)
                && MarkupText(invocation) is { } text =>
                new SinkUse(text, invocation.TargetMethod.ContainingType.Name.Replace("Extensions", string.Empty) + "." + invocation.TargetMethod.Name + " (Spectre.Console markup; escape it with Markup.Escape or use " + invocation.TargetMethod.Name + "Interpolated)"),
            _ => null,
        };
    }

    // Markup(value), or Markup(format, args): the format is markup and the arguments are formatted into it unescaped.
    private static IOperation? MarkupText(IInvocationOperation invocation) =>
        TaintSinkRule.Argument(invocation.Arguments, "value", "format") is { ConstantValue.HasValue: false } text
            ? text
            : TaintSinkRule.Argument(invocation.Arguments, "args");
}
