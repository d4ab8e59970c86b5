namespace Sharpformers.Jinja.Runtime;

/// <summary>A variable frame: template top level, one loop iteration, a macro call or a with block.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, object?> variables = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public bool TryGet(string name, out object? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.variables.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    public bool TryGetLocal(string name) => variables.ContainsKey(name);

    public void Set(string name, object? value) => variables[name] = value;
}
