using Sharpformers.TestSupport;
using Sharpformers.Tokenization.Tests.Parity;
using Sharpformers.Tokenization.Tests.Suites;

namespace Sharpformers.Tokenization.Tests.Api;

/// <summary>Loading, special tokens from the config files, batches with padding/truncation, conversions.</summary>
public sealed class PretrainedTokenizerTests
{
    [Fact]
    public void Special_tokens_come_from_the_config_files()
    {
        var tokenizer = PublishedSuiteTests.Load("models/tiny-random-llama-fp16");

        // tokenizer_config.json of the Llama-2 tokenizer: bos <s> (1), eos </s> (2), unk <unk> (0), pad <unk> (0).
        Assert.Equal("<s>", tokenizer.BosToken);
        Assert.Equal(1, tokenizer.BosTokenId);
        Assert.Equal("</s>", tokenizer.EosToken);
        Assert.Equal(2, tokenizer.EosTokenId);
        Assert.Equal(0, tokenizer.UnkTokenId);
        Assert.Equal("<unk>", tokenizer.PadToken);
        Assert.Equal(0, tokenizer.PadTokenId);
        Assert.Equal(2048, tokenizer.ModelMaxLength);
        Assert.Contains(1, tokenizer.AllSpecialIds);
        Assert.Equal(32000, tokenizer.VocabSize);
        Assert.NotNull(tokenizer.TokenizerConfig);
    }

    [Fact]
    public void Bert_folder_without_config_has_no_special_token_properties_but_still_adds_cls_and_sep()
    {
        var tokenizer = PublishedSuiteTests.Load("tokenizers/bert-base-uncased");
        Assert.Null(tokenizer.TokenizerConfig);
        Assert.Null(tokenizer.ModelMaxLength);
        Assert.Equal([101, 7592, 102], tokenizer.Encode("hello").Ids);
    }

    [Fact]
    public void Pairs_get_type_ids_from_the_template()
    {
        var e = PublishedSuiteTests.Load("tokenizers/bert-base-uncased").Encode("hello", "world");

        // [CLS] hello [SEP] world [SEP]: the second sequence and its [SEP] have type id 1.
        Assert.Equal([101, 7592, 102, 2088, 102], e.Ids);
        Assert.Equal([0, 0, 0, 1, 1], e.TypeIds);
    }

    [Fact]
    public void Batch_pads_left_for_generation_and_masks_the_padding()
    {
        var tokenizer = PublishedSuiteTests.Load("models/tiny-random-llama-fp16");
        var shortIds = tokenizer.Encode("Hi").Ids;
        var longIds = tokenizer.Encode("Hello big world").Ids;
        Assert.True(longIds.Count > shortIds.Count);

        var batch = tokenizer.EncodeBatch(["Hi", "Hello big world"], new EncodeBatchOptions { Padding = PaddingStrategy.Longest, PaddingSide = PaddingSide.Left });

        // The short row gets pad ids (0, the config's pad <unk>) in front, masked out.
        var padCount = longIds.Count - shortIds.Count;
        Assert.Equal(Enumerable.Repeat(0, padCount).Concat(shortIds), batch[0].Ids);
        Assert.Equal(Enumerable.Repeat(0, padCount).Concat(Enumerable.Repeat(1, shortIds.Count)), batch[0].AttentionMask);
        Assert.Equal(longIds, batch[1].Ids);

        var fixedBatch = tokenizer.EncodeBatch(["Hi"], new EncodeBatchOptions { Padding = PaddingStrategy.MaxLength, MaxLength = 8 });
        Assert.Equal(shortIds.Concat(Enumerable.Repeat(0, 8 - shortIds.Count)), fixedBatch[0].Ids);
    }

    [Fact]
    public void Batch_truncates_with_stride_into_overflowing_pieces()
    {
        var tokenizer = PublishedSuiteTests.Load("tokenizers/bert-base-uncased");
        var ids = tokenizer.Encode("a b c d e f", addSpecialTokens: false).Ids;
        Assert.Equal(6, ids.Count);

        var batch = tokenizer.EncodeBatch(["a b c d e f"], new EncodeBatchOptions { Truncation = true, MaxLength = 5, Stride = 1 });

        // 5 minus [CLS]/[SEP] leaves 3 tokens per piece, stepping 3 - 1 = 2: [a b c] [c d e] [e f].
        var e = batch[0];
        Assert.Equal([101, ids[0], ids[1], ids[2], 102], e.Ids);
        Assert.Equal(2, e.Overflowing.Count);
        Assert.Equal([101, ids[2], ids[3], ids[4], 102], e.Overflowing[0].Ids);
        Assert.Equal([101, ids[4], ids[5], 102], e.Overflowing[1].Ids);
    }

    [Fact]
    public void Padding_without_a_pad_token_is_refused()
    {
        var tokenizer = PublishedSuiteTests.Load("models/tiny-random-gpt2");
        Assert.Null(tokenizer.PadToken);
        Assert.Throws<InvalidOperationException>(() => tokenizer.EncodeBatch(["a", "b c"], new EncodeBatchOptions { Padding = PaddingStrategy.Longest }));
    }

    [Fact]
    public void Conversions_between_tokens_and_ids()
    {
        var tokenizer = PublishedSuiteTests.Load("models/tiny-random-llama-fp16");

        // Unknown tokens map to the unk id (0), as transformers does.
        Assert.Equal([1, 15043, 0], tokenizer.ConvertTokensToIds(["<s>", "▁Hello", "no-such-token"]));
        Assert.Equal(["<s>", "▁Hello"], tokenizer.ConvertIdsToTokens([1, 15043]));
        Assert.Equal(["▁Hello"], tokenizer.ConvertIdsToTokens([1, 15043], skipSpecialTokens: true));
        Assert.Equal(tokenizer.Encode("Hello", addSpecialTokens: false).Ids, [15043]);
    }

    [Fact]
    public void Decode_cleanup_follows_transformers()
    {
        var tokenizer = PublishedSuiteTests.Load("tokenizers/bert-base-uncased");
        var ids = tokenizer.Encode("hello , world !", addSpecialTokens: false).Ids.ToArray();
        Assert.Equal("hello, world!", tokenizer.Decode(ids, cleanUpTokenizationSpaces: true));
        Assert.Equal(["hello, world!", "hello"], tokenizer.DecodeBatch([ids, [7592]], cleanUpTokenizationSpaces: true));
    }

    [Fact]
    public void Missing_folder_is_a_directory_not_found_error()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => AutoTokenizer.FromPretrained("/no/such/tokenizer-folder"));
        Assert.Contains("/no/such/tokenizer-folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repo_id_that_is_not_cached_is_a_hub_error_when_offline()
    {
        using var cache = new Sharpformers.TestSupport.TemporaryDirectory();
        var options = new TokenizerOptions { Hub = new Sharpformers.Hub.HubOptions { CacheDir = cache.Path, Offline = true } };
        var e = Assert.ThrowsAny<Sharpformers.Hub.HubException>(() => AutoTokenizer.FromPretrained("meta-llama/Llama-2-7b-hf", options));
        Assert.Contains("meta-llama/Llama-2-7b-hf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Async_load_reads_the_same_tokenizer()
    {
        var folder = ParityFixtures.Folder("models/tiny-random-gpt2");
        var tokenizer = await AutoTokenizer.FromPretrainedAsync(folder, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(AutoTokenizer.FromPretrained(folder).Encode("Hello world").Ids, tokenizer.Encode("Hello world").Ids);
        Assert.Equal(50256, tokenizer.EosTokenId);
    }

    [Fact]
    public void Adapter_counts_and_chunks_like_the_tokenizer()
    {
        var tokenizer = PublishedSuiteTests.Load("tokenizers/llama-2");
        var ml = tokenizer.AsTokenizer();
        const string text = "Xin chào thế giới, hello world";
        var ids = tokenizer.Encode(text, addSpecialTokens: false).Ids;
        Assert.Equal(ids, ml.EncodeToIds(text));
        Assert.Equal(ids.Count, ml.CountTokens(text));
        Assert.Equal(tokenizer.Decode(ids), ml.Decode(ids));

        // The index after the first 3 tokens is where the 4th token starts.
        var index = ml.GetIndexByTokenCount(text, 3, out _, out var count);
        Assert.Equal(3, count);
        Assert.Equal(tokenizer.Encode(text, addSpecialTokens: false).Offsets[3].Start, index);
    }

    [Fact]
    public void Pair_truncation_longest_first_keeps_the_short_sequence_when_it_can()
    {
        var tokenizer = PublishedSuiteTests.Load("tokenizers/bert-base-uncased");
        var batch = tokenizer.EncodeBatch(["a b c d e f g h"], new EncodeBatchOptions { Truncation = true, MaxLength = 9, Pairs = ["x y"] });

        // 9 - 3 special tokens = 6: the pair keeps its 2 tokens, the first sequence keeps 4 (HF's closed form).
        var e = batch[0];
        Assert.Equal(9, e.Length);
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1, 1], e.TypeIds);
    }

    [Fact]
    public void Unpaired_surrogates_are_encoded_as_the_replacement_character()
    {
        var tokenizer = PublishedSuiteTests.Load("tokenizers/gpt-neox-20b");
        Assert.Equal(tokenizer.Encode("a\uFFFDb").Ids, tokenizer.Encode("a\uD800b").Ids);
    }

    [Fact]
    public void Llama_add_eos_token_in_the_config_rebuilds_the_template_as_transformers_does()
    {
        using var dir = new TemporaryDirectory();
        var source = ParityFixtures.Folder("models/tiny-random-llama-fp16");
        File.Copy(Path.Combine(source, "tokenizer.json"), dir.Combine("tokenizer.json"));
        var config = File.ReadAllText(Path.Combine(source, "tokenizer_config.json")).Replace("\"add_eos_token\": false", "\"add_eos_token\": true", StringComparison.Ordinal);
        Assert.Contains("\"add_eos_token\": true", config, StringComparison.Ordinal);
        File.WriteAllText(dir.Combine("tokenizer_config.json"), config);

        var plain = AutoTokenizer.FromPretrained(source).Encode("Hello world").Ids;
        var withEos = AutoTokenizer.FromPretrained(dir.Path).Encode("Hello world");

        // LlamaTokenizerFast.update_post_processor: "<s> $A </s>", the pair "<s> $A </s> <s> $B:1 </s>:1".
        Assert.Equal(plain.Append(2), withEos.Ids);
        Assert.Equal(1, withEos.SpecialTokensMask[0]);
        Assert.Equal(1, withEos.SpecialTokensMask[^1]);
        Assert.All(withEos.SpecialTokensMask.Skip(1).SkipLast(1), m => Assert.Equal(0, m));
        var pair = AutoTokenizer.FromPretrained(dir.Path).Encode("Hi", "there");
        Assert.Equal(2, pair.Ids.Count(id => id == 1));
        Assert.Equal(2, pair.Ids.Count(id => id == 2));
        Assert.Equal(1, pair.TypeIds[^1]);
    }
}
