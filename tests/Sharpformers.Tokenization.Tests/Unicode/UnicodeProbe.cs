using System.Text;
using System.Text.Json;
using Sharpformers.Tokenization.PreTokenizers;

namespace Sharpformers.Tokenization.Tests.Unicode;

/// <summary>
/// A probe tokenizer.json built to make one character question observable through token ids, loaded both by HF
/// <c>tokenizers</c> (Rust, Tokenizers.DotNet) and by us. Every code point (surrogates excluded) is asked in chunks:
/// each probe string is <c>"a" + c + "a|"</c>; a leading <c>Split("|")</c> keeps probes apart, so the ids between two
/// <c>|</c> ids (the group) say what the normalizer and pre-tokenizer did with <c>c</c>.
/// </summary>
internal sealed class UnicodeProbe : IDisposable
{
    /// <summary>Group ids of a <see cref="Classify"/> probe.</summary>
    public const int Unk = 0, A = 1, Separator = 2, AA = 3;

    private const int ChunkSize = 8192;
    private readonly string folder;
    private readonly Tokenizers.DotNet.Tokenizer hf;
    private readonly TokenizerPipeline ours;

    private UnicodeProbe(string name, string json)
    {
        Name = name;
        folder = Path.Combine(Path.GetTempPath(), "sharpformers-unicode-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(path, json);
        hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        ours = PretrainedTokenizer.FromFile(path).Pipeline;
    }

    public string Name { get; }

    /// <summary>Every code point that a Rust <c>char</c> can hold, except the probe's own marker chars.</summary>
    public static IEnumerable<int> CodePoints()
    {
        for (var cp = 0; cp <= 0x10FFFF; cp++)
        {
            if (cp is (>= 0xD800 and <= 0xDFFF) or 'a' or '|' or 0)
            {
                continue;
            }

            yield return cp;
        }
    }

    /// <summary>A WordLevel probe (vocab <c>[UNK] a | aa</c>): the group tells kept/removed/split apart.</summary>
    public static UnicodeProbe Classify(string name, string? normalizer, string preTokenizer) => new(name, Json(normalizer,
        $$"""{"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"String":"|"},"behavior":"Isolated","invert":false},{{preTokenizer}}]}""",
        """{"type":"WordLevel","vocab":{"[UNK]":0,"a":1,"|":2,"aa":3},"unk_token":"[UNK]"}"""));

    /// <summary>A probe of a regex class: the group is empty when <c>a(?:class)a</c> matches, else <c>[UNK]</c>.</summary>
    public static UnicodeProbe RegexClass(string regexClass) => Classify("regex " + regexClass, null,
        $$"""{"type":"Split","pattern":{"Regex":{{JsonSerializer.Serialize("a(?:" + regexClass + ")a")}}},"behavior":"Removed","invert":false}""");

    /// <summary>A probe whose ids are the UTF-8 bytes of the normalizer's output (byte-level BPE, no merges).</summary>
    public static UnicodeProbe Bytes(string name, string normalizer)
    {
        var vocab = new StringBuilder("{");
        var alphabet = ByteLevelAlphabet.ByteToChar;
        for (var b = 0; b < 256; b++)
        {
            vocab.Append(b == 0 ? "" : ",").Append(JsonSerializer.Serialize(alphabet[b].ToString())).Append(':').Append(b);
        }

        vocab.Append('}');
        return new(name, Json(normalizer, """{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":false,"use_regex":false}""",
            $$"""{"type":"BPE","dropout":null,"unk_token":null,"continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"vocab":{{vocab}},"merges":[]}"""));
    }

    public int[] Hf(string text) => hf.Encode(text).Select(i => (int)i).ToArray();

    public int[] Ours(string text) => ours.Encode(text, null, false, null, null).Ids.ToArray();

    /// <summary>For every code point, a code for its group in HF's output (see <see cref="GroupCode"/>).</summary>
    public byte[] HfGroups() => Groups(Hf);

    /// <summary>The code points (in ascending order) whose output differs between HF and us, each probed on its own.</summary>
    public List<int> Differences(Func<int, string> probeText)
    {
        var result = new List<int>();
        var chunk = new List<int>(ChunkSize);
        var sb = new StringBuilder();
        void Flush()
        {
            sb.Clear();
            foreach (var cp in chunk)
            {
                sb.Append(probeText(cp));
            }

            var text = sb.ToString();
            if (!Hf(text).AsSpan().SequenceEqual(Ours(text)))
            {
                foreach (var cp in chunk)
                {
                    var one = probeText(cp);
                    if (!Hf(one).AsSpan().SequenceEqual(Ours(one)))
                    {
                        result.Add(cp);
                    }
                }
            }

            chunk.Clear();
        }

        foreach (var cp in CodePoints())
        {
            chunk.Add(cp);
            if (chunk.Count == ChunkSize)
            {
                Flush();
            }
        }

        if (chunk.Count > 0)
        {
            Flush();
        }

        return result;
    }

    /// <summary>The standard probe text for code point <paramref name="cp"/>.</summary>
    public static string ProbeText(int cp) => "a" + char.ConvertFromUtf32(cp) + "a|";

    /// <summary>Codes a group: [] 0, [UNK] 1, [aa] 2, [a,a] 3, [a,UNK,a] 4, anything else 255.</summary>
    public static byte GroupCode(ReadOnlySpan<int> g) => g switch
    {
        [] => 0,
        [Unk] => 1,
        [AA] => 2,
        [A, A] => 3,
        [A, Unk, A] => 4,
        _ => 255,
    };

    public void Dispose()
    {
        hf.Dispose();
        try
        {
            Directory.Delete(folder, true);
        }
        catch (IOException)
        {
        }
    }

    private static byte[] Groups(Func<string, int[]> encode)
    {
        var codes = new byte[0x110000];
        Array.Fill(codes, (byte)254);
        var chunk = new List<int>(ChunkSize);
        var sb = new StringBuilder();
        void Flush()
        {
            sb.Clear();
            foreach (var cp in chunk)
            {
                sb.Append(ProbeText(cp));
            }

            var ids = encode(sb.ToString());
            var start = 0;
            var n = 0;
            for (var i = 0; i < ids.Length; i++)
            {
                if (ids[i] == Separator)
                {
                    if (n < chunk.Count)
                    {
                        codes[chunk[n]] = GroupCode(ids.AsSpan(start, i - start));
                    }

                    n++;
                    start = i + 1;
                }
            }

            if (n != chunk.Count)
            {
                throw new InvalidOperationException($"probe output has {n} groups for {chunk.Count} code points from U+{chunk[0]:X4}");
            }

            chunk.Clear();
        }

        foreach (var cp in CodePoints())
        {
            chunk.Add(cp);
            if (chunk.Count == ChunkSize)
            {
                Flush();
            }
        }

        Flush();
        return codes;
    }

    private static string Json(string? normalizer, string preTokenizer, string model) =>
        $$"""{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":{{normalizer ?? "null"}},"pre_tokenizer":{{preTokenizer}},"post_processor":null,"decoder":null,"model":{{model}}}""";
}
