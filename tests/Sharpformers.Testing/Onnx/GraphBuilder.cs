using Sharpformers.Testing.Onnx.Proto;

namespace Sharpformers.Testing.Onnx;

/// <summary>
/// Appends nodes to one ONNX graph with generated unique value names (all under <paramref name="prefix"/>, so two
/// branches built by the same code never collide), small constants as <c>Constant</c> nodes, and weights through
/// the shared <see cref="WeightStore"/>.
/// </summary>
/// <param name="graph">The graph receiving nodes.</param>
/// <param name="weights">Where weight initializers go (the outermost graph).</param>
/// <param name="prefix">Prefix of every generated value name.</param>
internal sealed class GraphBuilder(GraphProto graph, WeightStore weights, string prefix)
{
    private int counter;

    /// <summary>The graph receiving nodes.</summary>
    public GraphProto Graph { get; } = graph;

    /// <summary>Element type of floating-point activations.</summary>
    public int FloatType => weights.ElementType;

    /// <summary>Adds a single-output node and returns its output name (<paramref name="output"/> or a fresh one).</summary>
    public string Op(string opType, string[] inputs, string? output = null, params AttributeProto[] attributes) =>
        Ops(opType, inputs, output is null ? 1 : 0, output is null ? [] : [output], attributes)[0];

    /// <summary>Adds a node with <paramref name="fresh"/> generated outputs after the <paramref name="named"/> ones; returns all output names.</summary>
    public string[] Ops(string opType, string[] inputs, int fresh, string[] named, params AttributeProto[] attributes)
    {
        var id = counter++;
        var outputs = new string[named.Length + fresh];
        named.CopyTo(outputs, 0);
        for (var i = 0; i < fresh; i++)
        {
            outputs[named.Length + i] = $"{prefix}{opType}_{id}_out{i}";
        }

        var node = new NodeProto { OpType = opType, Name = $"{prefix}{opType}_{id}" };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        Graph.Node.Add(node);
        return outputs;
    }

    /// <summary>A 1-D int64 constant.</summary>
    public string Int64s(params long[] values) => Constant(Tensors.Int64(string.Empty, values, [values.Length]));

    /// <summary>A scalar int64 constant.</summary>
    public string Int64Scalar(long value) => Constant(Tensors.Int64(string.Empty, [value], []));

    /// <summary>A scalar constant of the activation type.</summary>
    public string FloatScalar(float value) => Constant(Tensors.Float(string.Empty, [value], [], FloatType));

    /// <summary>A weight initializer (added once, shared by subgraphs).</summary>
    public string Weight(string name, float[] values, params long[] dims) => weights.Add(name, values, dims);

    private string Constant(TensorProto value) => Op("Constant", [], null, Attributes.Tensor("value", value));
}
