using System.Text.Json;

namespace Sharpformers.Tokenization.Tests.ChatTemplates;

/// <summary>
/// One test per Jinja construct: each snippet in <see cref="Snippets"/> must render exactly as Python Jinja2
/// (configured as transformers configures it) renders it, or fail on both sides with the same kind of error.
/// </summary>
public sealed class SnippetDifferentialTests
{
    private static readonly Lazy<IReadOnlyList<OracleResult>> Expected = new(() => PythonJinja.Render(writer =>
    {
        var conversation = new Conversation("snippet", "[]", VariablesJson: Snippets.VariablesJson);
        foreach (var (_, template) in Snippets.All)
        {
            Conversations.WriteCase(writer, template, conversation, addGenerationPrompt: false, bos: null, eos: null);
        }
    }));

    public static TheoryData<string> SnippetIds()
    {
        var data = new TheoryData<string>();
        foreach (var (id, _) in Snippets.All)
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SnippetIds))]
    public void RendersLikePythonJinja2(string snippetId)
    {
        if (PythonJinja.UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }

        var index = Snippets.All.ToList().FindIndex(snippet => snippet.Id == snippetId);
        var template = Snippets.All[index].Template;
        var expected = Expected.Value[index];
        string? text = null;
        ChatTemplateException? error = null;
        try
        {
            text = ChatTemplate.Parse(template).Render([], new ChatTemplateOptions
            {
                Variables = JsonDocument.Parse(Snippets.VariablesJson).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone()),
                TimeProvider = new FixedClock(PythonJinja.Now),
            });
        }
        catch (ChatTemplateException exception)
        {
            error = exception;
        }

        if (expected.Ok)
        {
            Assert.True(error is null, $"Python rendered «{expected.Text}» but ours failed: {error?.Message}");
            Assert.Equal(expected.Text, text);
        }
        else
        {
            Assert.True(error is not null, $"Python raised {expected.ErrorType}: {expected.ErrorMessage}; ours rendered «{text}»");
            Assert.Equal(expected.ErrorType, error!.Kind);
            if (expected.ErrorType == "TemplateError")
            {
                Assert.Equal(expected.ErrorMessage, error.Reason);
            }
        }
    }
}
