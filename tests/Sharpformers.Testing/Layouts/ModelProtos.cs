using Sharpformers.Testing.Graph;
using Sharpformers.Testing.Models;
using Sharpformers.Testing.Onnx;
using Sharpformers.Testing.Onnx.Proto;

namespace Sharpformers.Testing.Layouts;

/// <summary>Shared pieces of every layout: the model envelope and the Optimum-style inputs and outputs.</summary>
internal static class ModelProtos
{
    /// <summary>ONNX IR version written (ONNX 1.13+ / ONNX Runtime 1.14+).</summary>
    public const long IrVersion = 8;

    /// <summary>Default-domain opset (LayerNormalization, Split with sizes input, Shape start/end).</summary>
    public const long Opset = 17;

    /// <summary>An empty model with its main graph and a weight store on it.</summary>
    public static (ModelProto Model, GraphBuilder Builder, WeightStore Weights) Create(DecoderWeights weights, string graphName)
    {
        var graph = new GraphProto { Name = graphName };
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Sharpformers.Testing",
            ProducerVersion = "1",
            Graph = graph,
            DocString = $"Random-weight {weights.Options.Family} test decoder (seed {weights.Options.Seed}); outputs are meaningless.",
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        var store = new WeightStore(graph, ElementType.Of(weights.Options.Precision));
        return (model, new GraphBuilder(graph, store, string.Empty), store);
    }

    /// <summary>Adds int64 input_ids, attention_mask and position_ids inputs.</summary>
    public static void AddTokenInputs(GraphProto graph, int elementType)
    {
        graph.Input.Add(ValueInfos.Tensor(IoNames.InputIds, elementType, IoNames.Batch, IoNames.Sequence));
        graph.Input.Add(ValueInfos.Tensor(IoNames.AttentionMask, elementType, IoNames.Batch, IoNames.TotalSequence));
        graph.Input.Add(ValueInfos.Tensor(IoNames.PositionIds, elementType, IoNames.Batch, IoNames.Sequence));
    }

    /// <summary>Adds the separate past key/value inputs and returns their names.</summary>
    public static IReadOnlyList<KeyValueNames> AddPastInputs(GraphProto graph, TestModelOptions options)
    {
        var names = new KeyValueNames[options.NumLayers];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = new KeyValueNames(IoNames.PastKey(i), IoNames.PastValue(i));
            graph.Input.Add(CacheInfo(names[i].Key, options, IoNames.PastSequence));
            graph.Input.Add(CacheInfo(names[i].Value, options, IoNames.PastSequence));
        }

        return names;
    }

    /// <summary>Adds the logits and separate present key/value outputs (named with <paramref name="prefix"/>) and returns the present names.</summary>
    public static IReadOnlyList<KeyValueNames> AddOutputs(GraphProto graph, TestModelOptions options, string prefix = "")
    {
        var floatType = ElementType.Of(options.Precision);
        graph.Output.Add(ValueInfos.Tensor(prefix + IoNames.Logits, floatType, IoNames.Batch, IoNames.Sequence, options.VocabSize));
        var names = new KeyValueNames[options.NumLayers];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = new KeyValueNames(prefix + IoNames.PresentKey(i), prefix + IoNames.PresentValue(i));
            graph.Output.Add(CacheInfo(names[i].Key, options, IoNames.TotalSequence));
            graph.Output.Add(CacheInfo(names[i].Value, options, IoNames.TotalSequence));
        }

        return names;
    }

    private static ValueInfoProto CacheInfo(string name, TestModelOptions options, string lengthDim) =>
        ValueInfos.Tensor(name, ElementType.Of(options.Precision), IoNames.Batch, options.NumKeyValueHeads, lengthDim, options.HeadDim);
}
