namespace Sharpformers.Models.Tests.Layouts;

/// <summary>
/// Writes small ONNX models (opset 17) field by field after onnx.proto: ModelProto{ir_version=1, graph=7, opset_import=8},
/// GraphProto{node=1, name=2, initializer=5, input=11, output=12}, NodeProto{input=1, output=2, op_type=4, attribute=5},
/// ValueInfoProto{name=1, type=2}, TypeProto{tensor_type=1{elem_type=1, shape=2{dim=1{dim_value=1, dim_param=2}}}},
/// TensorProto{dims=1, data_type=2, name=8, raw_data=9}, AttributeProto{name=1, i=3, g=6, type=20}.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    public const int OnnxFloat = 1;
    public const int OnnxInt32 = 6;
    public const int OnnxInt64 = 7;
    public const int OnnxBool = 9;

    private readonly List<Action<ProtoWriter>> nodes = [];
    private readonly List<Action<ProtoWriter>> initializers = [];
    private readonly List<Action<ProtoWriter>> inputs = [];
    private readonly List<Action<ProtoWriter>> outputs = [];

    /// <summary>Declares a graph input; a string dimension is symbolic, a number fixed.</summary>
    public OnnxGraphBuilder Input(string name, int elementType, params object[] dims)
    {
        inputs.Add(ValueInfo(name, elementType, dims));
        return this;
    }

    /// <summary>Declares a graph output; <paramref name="dims"/> null leaves the shape unknown (subgraph outputs).</summary>
    public OnnxGraphBuilder Output(string name, int elementType, params object[]? dims)
    {
        outputs.Add(ValueInfo(name, elementType, dims));
        return this;
    }

    public OnnxGraphBuilder Int64Constant(string name, params long[] values)
    {
        var raw = new byte[values.Length * 8];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        initializers.Add(w => w.Varint(1, values.Length).Varint(2, OnnxInt64).String(8, name).Bytes(9, raw));
        return this;
    }

    public OnnxGraphBuilder FloatConstant(string name, params float[] values)
    {
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        initializers.Add(w => w.Varint(1, values.Length).Varint(2, OnnxFloat).String(8, name).Bytes(9, raw));
        return this;
    }

    /// <summary>Adds a node; attributes are (name, long) integers or (name, OnnxGraphBuilder) subgraphs.</summary>
    public OnnxGraphBuilder Node(string opType, string[] nodeInputs, string[] nodeOutputs, params (string Name, object Value)[] attributes)
    {
        nodes.Add(w =>
        {
            foreach (var input in nodeInputs)
            {
                w.String(1, input);
            }

            foreach (var output in nodeOutputs)
            {
                w.String(2, output);
            }

            w.String(4, opType);
            foreach (var (name, value) in attributes)
            {
                w.Message(5, a =>
                {
                    a.String(1, name);
                    switch (value)
                    {
                        case long integer:
                            a.Varint(3, integer).Varint(20, 2);
                            break;
                        case int integer:
                            a.Varint(3, integer).Varint(20, 2);
                            break;
                        case OnnxGraphBuilder graph:
                            a.Message(6, graph.WriteGraph).Varint(20, 5);
                            break;
                        default:
                            throw new ArgumentException($"unsupported attribute {name}");
                    }
                });
            }
        });
        return this;
    }

    public byte[] BuildModel() =>
        new ProtoWriter()
            .Varint(1, 8)
            .String(2, "sharpformers-tests")
            .Message(7, WriteGraph)
            .Message(8, o => o.String(1, string.Empty).Varint(2, 17))
            .ToArray();

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, BuildModel());
    }

    private void WriteGraph(ProtoWriter w)
    {
        foreach (var node in nodes)
        {
            w.Message(1, node);
        }

        w.String(2, "graph");
        foreach (var initializer in initializers)
        {
            w.Message(5, initializer);
        }

        foreach (var input in inputs)
        {
            w.Message(11, input);
        }

        foreach (var output in outputs)
        {
            w.Message(12, output);
        }
    }

    private static Action<ProtoWriter> ValueInfo(string name, int elementType, object[]? dims) => w => w
        .String(1, name)
        .Message(2, type => type.Message(1, tensor =>
        {
            tensor.Varint(1, elementType);
            if (dims is not null)
            {
                tensor.Message(2, shape =>
                {
                    foreach (var dim in dims)
                    {
                        shape.Message(1, d =>
                        {
                            if (dim is string symbolic)
                            {
                                d.String(2, symbolic);
                            }
                            else
                            {
                                d.Varint(1, Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
                            }
                        });
                    }
                });
            }
        }));
}
