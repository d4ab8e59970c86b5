using System.Text.RegularExpressions;
using Sharpformers.Hub;

namespace Sharpformers.Cli;

/// <summary>The one-line texts of CLI errors: no .NET type names, no parameter-name suffixes, advice for network failures.</summary>
internal static partial class CliMessages
{
    /// <summary>One line for a failed command: Hub and network failures with what to do, others their message without the <c>(Parameter 'x')</c> suffix.</summary>
    public static string OneLine(Exception exception) =>
        (HubErrorAdvice.Describe(exception) ?? Clean(exception)).ReplaceLineEndings(" ");

    /// <summary>A System.CommandLine parse error with .NET type names replaced by plain words.</summary>
    public static string ParseError(string message) => TypeName().Replace(message, match => match.Groups["type"].Value switch
    {
        "Int32" or "Int64" => "as an integer",
        "Single" or "Double" => "as a number",
        "Boolean" => "as true or false",
        _ => "as a value of the expected kind",
    });

    private static string Clean(Exception exception) => exception is ArgumentException { ParamName: { } name } argument
        ? argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
        : exception.Message;

    [GeneratedRegex(@"as expected type '?System\.(?:Nullable`1\[System\.)?(?<type>[A-Za-z0-9]+)\]?'?")]
    private static partial Regex TypeName();
}
