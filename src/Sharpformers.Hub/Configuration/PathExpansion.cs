using System.Text;

namespace Sharpformers.Hub;

/// <summary>Expands <c>~</c> and <c>$VAR</c> / <c>${VAR}</c> in paths as Python's <c>os.path.expanduser</c> and <c>os.path.expandvars</c> do.</summary>
internal static class PathExpansion
{
    /// <summary>Expands the user folder first, then variables; unknown variables are left untouched.</summary>
    public static string Expand(string path, Func<string, string?> getEnvironmentVariable, string userHome)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
        {
            path = userHome + path[1..];
        }

        return path.Contains('$', StringComparison.Ordinal) ? ExpandVariables(path, getEnvironmentVariable) : path;
    }

    private static string ExpandVariables(string path, Func<string, string?> getEnvironmentVariable)
    {
        var result = new StringBuilder(path.Length);
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] != '$' || i + 1 >= path.Length)
            {
                result.Append(path[i++]);
                continue;
            }

            var braced = path[i + 1] == '{';
            var start = braced ? i + 2 : i + 1;
            var end = start;
            while (end < path.Length && (char.IsAsciiLetterOrDigit(path[end]) || path[end] == '_'))
            {
                end++;
            }

            var closed = !braced || (end < path.Length && path[end] == '}');
            var name = path[start..end];
            var value = name.Length > 0 && closed ? getEnvironmentVariable(name) : null;
            var consumedEnd = braced && closed ? end + 1 : end;
            if (value is null)
            {
                result.Append(path, i, consumedEnd - i);
            }
            else
            {
                result.Append(value);
            }

            i = Math.Max(consumedEnd, i + 1);
        }

        return result.ToString();
    }
}
