using System.Collections.Concurrent;
using System.Text;
using Sharpformers.Tokenization.ChatTemplates.Runtime;
using Sharpformers.Tokenization.ChatTemplates.Syntax;

namespace Sharpformers.Tokenization;

/// <summary>
/// A compiled Hugging Face chat template (Jinja), rendered as transformers renders it: a sandboxed Jinja2 environment
/// with <c>trim_blocks</c>, <c>lstrip_blocks</c>, loop controls, a <c>tojson</c> that does not escape HTML,
/// and the <c>raise_exception</c> and <c>strftime_now</c> globals. Parse once, render many times (thread-safe).
/// </summary>
public sealed class ChatTemplate
{
    private const int CacheLimit = 64;
    private static readonly ConcurrentDictionary<string, ChatTemplate> Cache = new(StringComparer.Ordinal);

    private readonly IReadOnlyList<Statement> body;

    private ChatTemplate(string source, IReadOnlyList<Statement> body)
    {
        Source = source;
        this.body = body;
    }

    /// <summary>The template text as given.</summary>
    public string Source { get; }

    /// <summary>Compiles a template (compiled templates are cached by source text).</summary>
    /// <param name="source">The Jinja source, e.g. <c>chat_template</c> from tokenizer_config.json.</param>
    /// <returns>The compiled template.</returns>
    /// <exception cref="ChatTemplateException">A syntax error or an unsupported construct, with its line and column.</exception>
    public static ChatTemplate Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Cache.TryGetValue(source, out var cached))
        {
            return cached;
        }

        IReadOnlyList<Statement> statements;
        try
        {
            statements = new Parser(new SourceText(source)).ParseTemplate();
        }
        catch (PyException error)
        {
            throw new ChatTemplateException(error.Message, error.PythonType, error.Line, error.Column, error);
        }
        catch (InsufficientExecutionStackException error)
        {
            throw new ChatTemplateException("the template nests too deeply", "RecursionError", 0, 0, error);
        }

        var template = new ChatTemplate(source, statements);
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        Cache.TryAdd(source, template);
        return template;
    }

    /// <summary>Renders the conversation.</summary>
    /// <param name="messages">The conversation (<c>messages</c>).</param>
    /// <param name="options">Generation prompt, tools, documents, special tokens and extra variables.</param>
    /// <returns>The prompt text.</returns>
    /// <exception cref="ChatTemplateException">
    /// The template failed, called <c>raise_exception</c>, or went over its budget
    /// (<see cref="ChatTemplateOptions.MaxRenderedLength"/>, <see cref="ChatTemplateOptions.MaxEvaluationSteps"/>; kind <c>TemplateBudgetError</c>).
    /// </exception>
    public string Render(IReadOnlyList<ChatMessage> messages, ChatTemplateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        options ??= new ChatTemplateOptions();
        var variables = new Scope(parent: null);
        variables.Set("messages", messages.Select(message => (object?)ValueConverter.FromMessage(message)).ToList());
        variables.Set("tools", options.Tools?.Select(tool => ValueConverter.FromJson(tool)).ToList());
        variables.Set("documents", options.Documents?.Select(document => ValueConverter.FromJson(document)).ToList());
        variables.Set("add_generation_prompt", options.AddGenerationPrompt);
        if (options.BosToken is not null)
        {
            variables.Set("bos_token", options.BosToken);
        }

        if (options.EosToken is not null)
        {
            variables.Set("eos_token", options.EosToken);
        }

        foreach (var pair in options.Variables ?? new Dictionary<string, object?>())
        {
            variables.Set(pair.Key, ValueConverter.FromClr(pair.Value));
        }

        var topLevel = new Scope(variables);
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
            throw new ChatTemplateException(error.Message, error.PythonType, error.Line, error.Column, error);
        }
        catch (InsufficientExecutionStackException error)
        {
            throw new ChatTemplateException("maximum recursion depth exceeded", "RecursionError", 0, 0, error);
        }
        catch (Exception error) when (error is InvalidCastException or OverflowException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            // A value of a shape the interpreter did not anticipate: still a template error, never a crash.
            throw new ChatTemplateException($"unsupported value: {error.Message}", "TypeError", 0, 0, error);
        }

        return output.ToString();
    }
}
