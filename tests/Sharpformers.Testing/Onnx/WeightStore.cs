using Sharpformers.Testing.Onnx.Proto;

namespace Sharpformers.Testing.Onnx;

/// <summary>
/// Holds the weight initializers in the outermost graph, each added once, so that subgraphs (the branches of a
/// merged decoder's <c>If</c>) share them through the outer scope.
/// </summary>
/// <param name="host">The outermost graph.</param>
/// <param name="elementType">The element type floating-point weights are stored in.</param>
internal sealed class WeightStore(GraphProto host, int elementType)
{
    private readonly HashSet<string> added = new(StringComparer.Ordinal);

    /// <summary>The element type floating-point weights are stored in.</summary>
    public int ElementType { get; } = elementType;

    /// <summary>Adds the weight unless a weight of that name is already there; returns its name.</summary>
    public string Add(string name, float[] values, params long[] dims)
    {
        if (added.Add(name))
        {
            host.Initializer.Add(Tensors.Float(name, values, dims, ElementType));
        }

        return name;
    }
}
