using System.Collections.Concurrent;
using System.Text;
using Sharpformers.Jinja.Runtime;
using Sharpformers.Jinja.Syntax;

namespace Sharpformers.Jinja;

/// <summary>
/// A compiled Jinja template, rendered as Hugging Face renders chat templates: a sandboxed Jinja2 environment with
/// <c>trim_blocks</c>, <c>lstrip_blocks</c>, loop controls, a <c>tojson</c> that does not escape HTML, Python value
/// semantics, and the <c>raise_exception</c> and <c>strftime_now</c> globals. Parse once, render many times (thread-safe).
/// </summary>
public sealed class JinjaTemplate
{
    private const int CacheLimit = 64;
    private static readonly ConcurrentDictionary<string, JinjaTemplate> Cache = new(StringComparer.Ordinal);

    private readonly IReadOnlyList<Statement> body;

    private JinjaTemplate(string source, IReadOnlyList<Statement> body, IReadOnlySet<string> names)
    {
        Source = source;
        this.body = body;
        Names = names;
    }

    /// <summary>The template text as given.</summary>
    public string Source { get; }

    /// <summary>
    /// Every name the template's code mentions (variables, attributes, filters, tests, keywords), as the lexer reads them:
    /// names inside plain text do not count. <c>Names.Contains("tools")</c> tells whether a chat template reads its tools.
    /// </summary>
    public IReadOnlySet<string> Names { get; }

    /// <summary>Compiles a template (compiled templates are cached by source text).</summary>
    /// <param name="source">The Jinja source.</param>
    /// <returns>The compiled template.</returns>
    /// <exception cref="JinjaException">A syntax error or an unsupported construct, with its line and column.</exception>
    public static JinjaTemplate Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Cache.TryGetValue(source, out var cached))
        {
            return cached;
        }

        IReadOnlyList<Statement> statements;
        HashSet<string> names;
        try
        {
            var text = new SourceText(source);
            names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var token in new Lexer(text).Tokenize())
            {
                if (token.Kind == TokenKind.Name)
                {
                    names.Add(token.Value);
                }
            }

            statements = new Parser(text).ParseTemplate();
        }
        catch (PyException error)
        {
            throw new JinjaException(error.Message, error.PythonType, error.Line, error.Column, error);
        }
        catch (InsufficientExecutionStackException error)
        {
            throw new JinjaException("the template nests too deeply", "RecursionError", 0, 0, error);
        }

        var template = new JinjaTemplate(source, statements, names);
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        Cache.TryAdd(source, template);
        return template;
    }

    /// <summary>Renders the template with <paramref name="variables"/>.</summary>
    /// <param name="variables">
    /// The template's variables: null, strings, booleans, numbers, <see cref="System.Text.Json.JsonElement"/>, dictionaries
    /// with string keys, lists of key/value pairs (ordered dicts) and enumerables, or what
    /// <see cref="JinjaRenderOptions.ValueConverter"/> turns into those.
    /// </param>
    /// <param name="options">Clock, budgets and value converter.</param>
    /// <returns>The rendered text.</returns>
    /// <exception cref="JinjaException">The template failed, called <c>raise_exception</c>, or went over its budget (kind <c>TemplateBudgetError</c>).</exception>
    public string Render(IEnumerable<KeyValuePair<string, object?>> variables, JinjaRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        options ??= new JinjaRenderOptions();
        var globals = new Scope(parent: null);
        foreach (var pair in variables)
        {
            globals.Set(pair.Key, ValueConverter.FromClr(pair.Value, options.ValueConverter));
        }

        var topLevel = new Scope(globals);
        var budget = new RenderBudget(options.MaxRenderedLength, options.MaxEvaluationSteps);
        var context = new RenderContext(topLevel, options.TimeProvider ?? TimeProvider.System, budget);
        var output = new StringBuilder();
        try
        {
            using var active = budget.Activate();
            Statement.ExecuteAll(body, context, topLevel, output);
        }
        catch (PyException error)
        {
            throw new JinjaException(error.Message, error.PythonType, error.Line, error.Column, error);
        }
        catch (InsufficientExecutionStackException error)
        {
            throw new JinjaException("maximum recursion depth exceeded", "RecursionError", 0, 0, error);
        }
        catch (Exception error) when (error is InvalidCastException or OverflowException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            // A value of a shape the interpreter did not anticipate: still a template error, never a crash.
            throw new JinjaException($"unsupported value: {error.Message}", "TypeError", 0, 0, error);
        }

        return output.ToString();
    }
}
