using System.Globalization;
using Google.Protobuf;
using Sharpformers.Testing.Layouts;
using Sharpformers.Testing.Onnx;
using Sharpformers.Testing.Onnx.Proto;

namespace Sharpformers.Testing.Encoders;

/// <summary>The head a <see cref="LookupEncoder"/> graph ends in.</summary>
public enum LookupHead
{
    /// <summary><c>logits [batch, sequence, labels]</c>.</summary>
    TokenClassification,

    /// <summary><c>logits [batch, sequence, vocabulary]</c>.</summary>
    MaskedLM,

    /// <summary><c>start_logits</c> and <c>end_logits [batch, sequence]</c>.</summary>
    QuestionAnswering,

    /// <summary><c>logits [batch, labels]</c> of the first token.</summary>
    SequenceClassification,
}

/// <summary>
/// A minimal encoder-shaped ONNX model for pipeline tests: each head's output is a seeded random table looked up by token id
/// (<c>Gather(W, input_ids)</c>), so every logit is known to the test without running a transformer. It takes
/// <c>input_ids</c> and <c>attention_mask</c> (int64), optionally float16 outputs, and writes <c>config.json</c> with labels.
/// Not BERT-shaped (no attention): it exercises the loaders and the pipelines' post-processing on real ONNX Runtime runs.
/// </summary>
public sealed class LookupEncoder
{
    private LookupEncoder(LookupHead head, int vocabSize, string[] labels, float[][] tables, bool float16)
    {
        Head = head;
        VocabSize = vocabSize;
        Labels = labels;
        Tables = tables;
        Float16 = float16;
    }

    /// <summary>The head.</summary>
    public LookupHead Head { get; }

    /// <summary>Token ids accepted.</summary>
    public int VocabSize { get; }

    /// <summary>The label names (<c>id2label</c>) of classification heads.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The lookup tables, row-major <c>[vocab × width]</c>: one for most heads, start and end for question answering.</summary>
    public IReadOnlyList<float[]> Tables { get; }

    /// <summary>Whether outputs are float16.</summary>
    public bool Float16 { get; }

    /// <summary>The width of one table row: labels, vocabulary, or 1 for question answering.</summary>
    public int Width => Head switch
    {
        LookupHead.MaskedLM => VocabSize,
        LookupHead.QuestionAnswering => 1,
        _ => Labels.Count,
    };

    /// <summary>Draws the tables.</summary>
    /// <param name="head">The head.</param>
    /// <param name="vocabSize">The vocabulary size (the tokenizer's).</param>
    /// <param name="labels">Label names for classification heads.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="float16">Store the tables and outputs as float16.</param>
    /// <returns>The model.</returns>
    public static LookupEncoder Create(LookupHead head, int vocabSize, IReadOnlyList<string>? labels = null, int seed = 1, bool float16 = false)
    {
        var names = labels?.ToArray() ?? [];
        if (head is LookupHead.TokenClassification or LookupHead.SequenceClassification && names.Length == 0)
        {
            throw new ArgumentException("classification heads need labels", nameof(labels));
        }

        var random = new Random(seed);
        var width = head switch { LookupHead.MaskedLM => vocabSize, LookupHead.QuestionAnswering => 1, _ => names.Length };
        var tables = new float[head == LookupHead.QuestionAnswering ? 2 : 1][];
        for (var t = 0; t < tables.Length; t++)
        {
            tables[t] = new float[vocabSize * width];
            for (var i = 0; i < tables[t].Length; i++)
            {
                var value = (random.NextSingle() * 8f) - 4f;
                tables[t][i] = float16 ? (float)(Half)value : value;
            }
        }

        return new LookupEncoder(head, vocabSize, names, tables, float16);
    }

    /// <summary>Writes <c>model.onnx</c> and <c>config.json</c> into <paramref name="directory"/>.</summary>
    /// <param name="directory">The model folder (created when missing).</param>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var floatType = Float16 ? ElementType.Float16 : ElementType.Float;
        var graph = new GraphProto { Name = "lookup_encoder" };
        var model = new ModelProto { IrVersion = ModelProtos.IrVersion, ProducerName = "Sharpformers.Testing", ProducerVersion = "1", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = ModelProtos.Opset });
        var g = new GraphBuilder(graph, new WeightStore(graph, floatType), string.Empty);
        graph.Input.Add(ValueInfos.Tensor("input_ids", ElementType.Int64, "batch", "sequence"));
        graph.Input.Add(ValueInfos.Tensor("attention_mask", ElementType.Int64, "batch", "sequence"));
        switch (Head)
        {
            case LookupHead.QuestionAnswering:
                g.Op("Gather", [g.Weight("start", Tables[0], VocabSize), "input_ids"], "start_logits");
                g.Op("Gather", [g.Weight("end", Tables[1], VocabSize), "input_ids"], "end_logits");
                graph.Output.Add(ValueInfos.Tensor("start_logits", floatType, "batch", "sequence"));
                graph.Output.Add(ValueInfos.Tensor("end_logits", floatType, "batch", "sequence"));
                break;
            case LookupHead.SequenceClassification:
                var first = g.Op("Gather", ["input_ids", g.Int64Scalar(0)], null, Attributes.Int("axis", 1));
                g.Op("Gather", [g.Weight("classifier", Tables[0], VocabSize, Width), first], "logits");
                graph.Output.Add(ValueInfos.Tensor("logits", floatType, "batch", Width));
                break;
            default:
                g.Op("Gather", [g.Weight("head", Tables[0], VocabSize, Width), "input_ids"], "logits");
                graph.Output.Add(ValueInfos.Tensor("logits", floatType, "batch", "sequence", Width));
                break;
        }

        File.WriteAllBytes(Path.Combine(directory, "model.onnx"), model.ToByteArray());
        var id2Label = string.Join(", ", Labels.Select((l, i) => $"\"{i.ToString(CultureInfo.InvariantCulture)}\": \"{l}\""));
        var architecture = Head switch
        {
            LookupHead.TokenClassification => "BertForTokenClassification",
            LookupHead.MaskedLM => "BertForMaskedLM",
            LookupHead.QuestionAnswering => "BertForQuestionAnswering",
            _ => "BertForSequenceClassification",
        };
        File.WriteAllText(Path.Combine(directory, "config.json"), $$"""
            {"model_type": "bert", "architectures": ["{{architecture}}"], "vocab_size": {{VocabSize}}, "max_position_embeddings": 512,
             "hidden_size": 8, "pad_token_id": 0{{(Labels.Count > 0 ? $", \"id2label\": {{{id2Label}}}" : string.Empty)}}}
            """);
    }

    /// <summary>The table row of <paramref name="tokenId"/> (for question answering: <paramref name="table"/> 0 = start, 1 = end).</summary>
    /// <param name="tokenId">The token id.</param>
    /// <param name="table">Which table.</param>
    /// <returns>The logits this token gets.</returns>
    public ReadOnlySpan<float> Row(int tokenId, int table = 0) => Tables[table].AsSpan(tokenId * Width, Width);
}
