using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sharpformers.TestSupport;

namespace Sharpformers.Tokenization.Tests.Loading;

/// <summary>
/// How the tokenizer.json bytes are read: a pipe (whose length reads as 0) is read to its end as File.ReadAllBytes did,
/// and content after the root object is refused with the file's own line number.
/// </summary>
public sealed class FileInputTests
{
    [Fact]
    public async Task A_file_read_through_a_pipe_loads_as_the_same_file_on_disk()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TemporaryDirectory();
        var json = WordLevel(20_000);
        var onDisk = Path.Combine(dir.Path, "tokenizer.json");
        File.WriteAllText(onDisk, json);
        var fifo = Path.Combine(dir.Path, "pipe.json");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var writer = Task.Run(() => File.WriteAllText(fifo, json), TestContext.Current.CancellationToken);
        var piped = PretrainedTokenizer.FromFile(fifo);
        await writer;

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(json) > 64 * 1024, "the text should outgrow the first buffer");
        const string text = "w0 w19999 w12345 nope";
        Assert.Equal(PretrainedTokenizer.FromFile(onDisk).Encode(text).Ids.ToArray(), piped.Encode(text).Ids.ToArray());
        Assert.Equal([0, 19999, 12345, 20000], piped.Encode(text).Ids.ToArray());
    }

    [Fact]
    public void Content_after_the_root_object_is_refused_with_the_files_own_line_number()
    {
        using var dir = new TemporaryDirectory();
        var json = WordLevel(500) + "\n}\n";
        var path = Path.Combine(dir.Path, "tokenizer.json");
        File.WriteAllText(path, json);

        var e = Assert.Throws<TokenizerFormatException>(() => PretrainedTokenizer.FromFile(path));
        var inner = Assert.IsType<JsonException>(e.InnerException, exactMatch: false);
        var strayLine = json.TrimEnd('\n').Count(c => c == '\n');
        Assert.Equal(strayLine, inner.LineNumber);
    }

    /// <summary>A WordLevel tokenizer.json with tokens w0..w{n-1} (one per line) and &lt;unk&gt; = n.</summary>
    private static string WordLevel(int n)
    {
        var vocab = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            vocab.Append($"\n    \"w{i}\": {i},");
        }

        return $$"""
            {"model": {"type": "WordLevel", "vocab": {{{vocab}}
                "<unk>": {{n}}}, "unk_token": "<unk>"},
             "normalizer": null, "pre_tokenizer": {"type": "WhitespaceSplit"}, "post_processor": null, "decoder": null, "added_tokens": []}
            """;
    }
}
