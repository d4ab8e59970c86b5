using System.Runtime.CompilerServices;
using Sharpformers.Jinja;

namespace Sharpformers.Tokenization;

/// <summary>
/// A compiled Hugging Face chat template (Jinja), rendered as transformers renders it: a sandboxed Jinja2 environment
/// with <c>trim_blocks</c>, <c>lstrip_blocks</c>, loop controls, a <c>tojson</c> that does not escape HTML,
/// and the <c>raise_exception</c> and <c>strftime_now</c> globals (the interpreter is the Sharpformers.Jinja package).
/// Parse once, render many times (thread-safe).
/// </summary>
public sealed class ChatTemplate
{
    private static readonly ConditionalWeakTable<JinjaTemplate, ChatTemplate> Wrappers = [];

    private readonly JinjaTemplate template;

    private ChatTemplate(JinjaTemplate template) => this.template = template;

    /// <summary>The template text as given.</summary>
    public string Source => template.Source;

    /// <summary>
    /// Whether the template can show tools to the model: it reads the <c>tools</c> variable somewhere in its code. A template
    /// that never does would drop the tool definitions silently, so <see cref="TokenizerChatTemplateExtensions.ApplyChatTemplate"/>
    /// refuses tools for it.
    /// </summary>
    public bool SupportsTools => template.Names.Contains("tools");

    /// <summary>Compiles a template (compiled templates are cached by source text).</summary>
    /// <param name="source">The Jinja source, e.g. <c>chat_template</c> from tokenizer_config.json.</param>
    /// <returns>The compiled template.</returns>
    /// <exception cref="ChatTemplateException">A syntax error or an unsupported construct, with its line and column.</exception>
    public static ChatTemplate Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            return Wrappers.GetValue(JinjaTemplate.Parse(source), parsed => new ChatTemplate(parsed));
        }
        catch (JinjaException error)
        {
            throw Translate(error);
        }
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
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["messages"] = messages,
            ["tools"] = options.Tools,
            ["documents"] = options.Documents,
            ["add_generation_prompt"] = options.AddGenerationPrompt,
        };
        if (options.BosToken is not null)
        {
            variables["bos_token"] = options.BosToken;
        }

        if (options.EosToken is not null)
        {
            variables["eos_token"] = options.EosToken;
        }

        foreach (var pair in options.Variables ?? new Dictionary<string, object?>())
        {
            variables[pair.Key] = pair.Value;
        }

        var renderOptions = new JinjaRenderOptions
        {
            TimeProvider = options.TimeProvider,
            MaxRenderedLength = options.MaxRenderedLength,
            MaxEvaluationSteps = options.MaxEvaluationSteps,
            ValueConverter = ChatMessageTemplateValue.Converter,
        };
        try
        {
            return template.Render(variables, renderOptions);
        }
        catch (JinjaException error)
        {
            throw Translate(error);
        }
    }

    private static ChatTemplateException Translate(JinjaException error) =>
        new(error.Reason, error.Kind, error.Line, error.Column, error.InnerException ?? error);
}
