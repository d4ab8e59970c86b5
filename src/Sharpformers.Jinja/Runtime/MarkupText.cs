using System.Text;

namespace Sharpformers.Jinja.Runtime;

/// <summary>markupsafe's HTML escaping, applied when a plain string meets a <see cref="Markup"/>.</summary>
internal static class MarkupText
{
    /// <summary>The text of a value as it joins Markup: Markup stays as is, anything else is escaped.</summary>
    public static string Escape(object? value)
    {
        if (value is Markup markup)
        {
            return markup.Value;
        }

        var text = PyRepr.Str(value);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&#34;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
