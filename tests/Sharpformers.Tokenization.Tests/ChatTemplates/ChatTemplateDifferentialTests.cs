using System.Text;
using Sharpformers.TestSupport;

namespace Sharpformers.Tokenization.Tests.ChatTemplates;

/// <summary>
/// Renders every fixture chat template over every conversation (with and without generation prompt) with our
/// interpreter and with Python Jinja2 configured as transformers configures it, and requires identical output:
/// the same text byte for byte, or an error on both sides (with the same message for <c>raise_exception</c>).
/// </summary>
public sealed class ChatTemplateDifferentialTests
{
    private static readonly Lazy<Oracle> SharedOracle = new(() => new Oracle());

    public static TheoryData<string> TemplateIds()
    {
        var data = new TheoryData<string>();
        if (!Fixtures.Available || !Directory.Exists(Path.Combine(Fixtures.Root, "chat-templates")))
        {
            data.Add("(fixtures absent)");
            return data;
        }

        foreach (var template in FixtureTemplates.Load(Fixtures.Root))
        {
            data.Add(template.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TemplateIds))]
    public void RendersLikePythonJinja2(string templateId)
    {
        Fixtures.Require("chat-templates");
        if (PythonJinja.UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }

        var oracle = SharedOracle.Value;
        var template = oracle.Templates.Single(candidate => candidate.Id == templateId);
        var failures = new StringBuilder();
        var matched = 0;
        var pythonErrors = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (conversation, addGenerationPrompt) in Oracle.Variants())
        {
            var expected = oracle.Expected[(template.Id, conversation.Id, addGenerationPrompt)];
            var label = $"{conversation.Id} (add_generation_prompt={addGenerationPrompt})";
            if (!expected.Ok)
            {
                var key = $"{conversation.Id}: {expected.ErrorType}";
                pythonErrors[key] = pythonErrors.GetValueOrDefault(key) + 1;
            }

            var (ok, text, error) = RenderOurs(template, conversation, addGenerationPrompt);
            if (expected.Ok && ok && text == expected.Text)
            {
                matched++;
            }
            else if (!expected.Ok && !ok && error!.Kind == expected.ErrorType && (expected.ErrorType != "TemplateError" || error.Reason == expected.ErrorMessage))
            {
                matched++;
            }
            else
            {
                failures.AppendLine($"- {label}:");
                failures.AppendLine($"  python: {(expected.Ok ? Conversations.Escape(Conversations.Describe(expected.Text!)) : $"{expected.ErrorType}: {expected.ErrorMessage}")}");
                failures.AppendLine($"  ours:   {(ok ? Conversations.Escape(Conversations.Describe(text!)) : error!.Message)}");
                if (expected.Ok && ok)
                {
                    var at = FirstDifference(expected.Text!, text!);
                    failures.AppendLine($"  first difference at char {at}: python «{Conversations.Escape(Around(expected.Text!, at))}» ours «{Conversations.Escape(Around(text!, at))}»");
                }
            }
        }

        AppendReport(template.Id, matched, pythonErrors);
        Assert.True(failures.Length == 0, $"{template.Id}: {matched} of {Oracle.Variants().Count()} renders match Python Jinja2; differences:\n{failures}");
    }

    /// <summary>When SHARPFORMERS_CHAT_PARITY_REPORT names a file, appends one line per template (for docs and reports).</summary>
    private static void AppendReport(string templateId, int matched, SortedDictionary<string, int> pythonErrors)
    {
        var path = Environment.GetEnvironmentVariable("SHARPFORMERS_CHAT_PARITY_REPORT");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var errors = pythonErrors.Count == 0 ? "none" : string.Join("; ", pythonErrors.Select(pair => $"{pair.Key} ×{pair.Value}"));
        lock (ReportLock)
        {
            File.AppendAllText(path, $"| {templateId} | {matched}/{Oracle.Variants().Count()} | {errors} |\n");
        }
    }

    private static readonly Lock ReportLock = new();

    private static (bool Ok, string? Text, ChatTemplateException? Error) RenderOurs(FixtureTemplate template, Conversation conversation, bool addGenerationPrompt)
    {
        try
        {
            var options = new ChatTemplateOptions
            {
                AddGenerationPrompt = addGenerationPrompt,
                Tools = conversation.Tools(),
                Documents = conversation.Documents(),
                BosToken = template.BosToken,
                EosToken = template.EosToken,
                Variables = conversation.Variables(),
                TimeProvider = new FixedClock(PythonJinja.Now),
            };
            return (true, ChatTemplate.Parse(template.Source).Render(conversation.Messages(), options), null);
        }
        catch (ChatTemplateException error)
        {
            return (false, null, error);
        }
    }

    private static int FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        return i;
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 30), Math.Min(text.Length, at + 50) - Math.Max(0, at - 30));

    /// <summary>All expected renders, computed by one Python run.</summary>
    private sealed class Oracle
    {
        public Oracle()
        {
            Templates = FixtureTemplates.Load(Fixtures.Root);
            var keys = new List<(string, string, bool)>();
            var results = PythonJinja.Render(writer =>
            {
                foreach (var template in Templates)
                {
                    foreach (var (conversation, addGenerationPrompt) in Variants())
                    {
                        keys.Add((template.Id, conversation.Id, addGenerationPrompt));
                        Conversations.WriteCase(writer, template.Source, conversation, addGenerationPrompt, template.BosToken, template.EosToken);
                    }
                }
            });
            Expected = keys.Zip(results).ToDictionary(pair => pair.First, pair => pair.Second);
        }

        public IReadOnlyList<FixtureTemplate> Templates { get; }

        public Dictionary<(string Template, string Conversation, bool AddGenerationPrompt), OracleResult> Expected { get; }

        public static IEnumerable<(Conversation, bool)> Variants() =>
            Conversations.All.SelectMany(conversation => new[] { (conversation, false), (conversation, true) });
    }
}

/// <summary>A clock stuck at one local time (UTC zone), so strftime_now agrees with the Python side.</summary>
public sealed class FixedClock(DateTime now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(now, DateTimeKind.Utc));

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
