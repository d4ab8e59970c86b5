using System.Text;
using Sharpformers.Jinja.Runtime;

namespace Sharpformers.Jinja.Syntax;

/// <summary>What a statement tells the enclosing loop.</summary>
internal enum Flow
{
    Normal,
    Break,
    Continue,
}

/// <summary>A statement node (data, print, if, for, set, macro...).</summary>
internal abstract class Statement(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    public abstract Flow Execute(RenderContext context, Scope scope, StringBuilder output);

    public static Flow ExecuteAll(IReadOnlyList<Statement> statements, RenderContext context, Scope scope, StringBuilder output)
    {
        foreach (var statement in statements)
        {
            context.Budget.Step();
            var flow = statement.Execute(context, scope, output);
            if (output.Length > context.Budget.MaxLength)
            {
                throw context.Budget.TooLong(output.Length);
            }

            if (flow != Flow.Normal)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }

    /// <summary>Renders <paramref name="body"/> to a string and pipes it through <paramref name="filters"/> ({% set x | f %} and {% filter f %}).</summary>
    protected static object? RenderFiltered(IReadOnlyList<Statement> body, IReadOnlyList<FilterExpression> filters, RenderContext context, Scope scope)
    {
        var captured = new StringBuilder();
        ExecuteAll(body, context, scope, captured);
        object? value = captured.ToString();
        foreach (var filter in filters)
        {
            value = filter.Apply(context, scope, value);
        }

        return value;
    }

    protected PyException Positioned(PyException error)
    {
        if (!error.HasPosition)
        {
            error.Line = Line;
            error.Column = Column;
        }

        return error;
    }
}

internal sealed class DataStatement(int line, int column, string text) : Statement(line, column)
{
    public override Flow Execute(RenderContext context, Scope scope, StringBuilder output)
    {
        output.Append(text);
        return Flow.Normal;
    }
}

internal sealed class PrintStatement(int line, int column, Expression expression) : Statement(line, column)
{
    public override Flow Execute(RenderContext context, Scope scope, StringBuilder output)
    {
        output.Append(PyRepr.Str(expression.Evaluate(context, scope)));
        return Flow.Normal;
    }
}

internal sealed class IfStatement(int line, int column, IReadOnlyList<(Expression Condition, IReadOnlyList<Statement> Body)> branches, IReadOnlyList<Statement>? otherwise)
    : Statement(line, column)
{
    public override Flow Execute(RenderContext context, Scope scope, StringBuilder output)
    {
        foreach (var (condition, body) in branches)
        {
            if (PyOps.Truthy(condition.Evaluate(context, scope)))
            {
                return ExecuteAll(body, context, scope, output);
            }
        }

        return otherwise is null ? Flow.Normal : ExecuteAll(otherwise, context, scope, output);
    }
}

internal sealed class ForStatement(
    int line,
    int column,
    AssignTarget target,
    Expression iterable,
    Expression? filter,
    IReadOnlyList<Statement> body,
    IReadOnlyList<Statement>? otherwise) : Statement(line, column)
{
    public override Flow Execute(RenderContext context, Scope scope, StringBuilder output)
    {
        var source = iterable.Evaluate(context, scope);
        IReadOnlyList<object?> items;
        try
        {
            items = PyOps.Iterate(source);
        }
        catch (PyException error)
        {
            throw Positioned(error);
        }

        if (filter is not null)
        {
            var kept = new List<object?>();
            foreach (var item in items)
            {
                var filterScope = new Scope(scope);
                target.Assign(filterScope, item);
                if (PyOps.Truthy(filter.Evaluate(context, filterScope)))
                {
                    kept.Add(item);
                }
            }

            items = kept;
        }

        if (items.Count == 0)
        {
            return otherwise is null ? Flow.Normal : ExecuteAll(otherwise, context, scope, output);
        }

        var loop = new LoopContext(items, depth: 1);
        for (var i = 0; i < items.Count; i++)
        {
            loop.Index0 = i;
            context.Budget.Step();
            var iterationScope = new Scope(scope);
            iterationScope.Set("loop", loop);
            try
            {
                target.Assign(iterationScope, items[i]);
            }
            catch (PyException error)
            {
                throw Positioned(error);
            }

            if (ExecuteAll(body, context, iterationScope, output) == Flow.Break)
            {
                break;
            }
        }

        return Flow.Normal;
    }
}

internal sealed class LoopControlStatement(int line, int column, Flow flow) : Statement(line, column)
{
    public override Flow Execute(RenderContext context, Scope scope, StringBuilder output) => flow;
}

internal sealed class SetStatement(int line, int column, AssignTarget target, Expression value) : Statement(line, column)
{
    public override Flow Execute(RenderContext context, Scope scope, StringBuilder output)
    {
        var result = value.Evaluate(context, scope);
        try
        {
            target.Assign(scope, result);
        }
        catch (PyException error)
        {
            throw Positioned(error);
        }

        return Flow.Normal;
    }
}

internal sealed class SetBlockStatement(int line, int column, AssignTarget target, IReadOnlyList<FilterExpression> filters, IReadOnlyList<Statement> body)
    : Statement(line, column)
{
    public override Flow Execute(RenderContext context, Scope scope, StringBuilder output)
    {
        var value = RenderFiltered(body, filters, context, scope);

        try
        {
            target.Assign(scope, value);
        }
        catch (PyException error)
        {
            throw Positioned(error);
        }

        return Flow.Normal;
    }
}

internal sealed class FilterBlockStatement(int line, int column, IReadOnlyList<FilterExpression> filters, IReadOnlyList<Statement> body)
    : Statement(line, column)
{
    public override Flow Execute(RenderContext context, Scope scope, StringBuilder output)
    {
        var value = RenderFiltered(body, filters, context, scope);

        output.Append(PyRepr.Str(value));
        return Flow.Normal;
    }
}

/// <summary>A body rendered as is: transformers' <c>{% generation %}</c> block and Jinja's <c>{% with %}</c>.</summary>
internal sealed class ScopedBlockStatement(int line, int column, IReadOnlyList<(AssignTarget Target, Expression Value)> assignments, IReadOnlyList<Statement> body, bool newScope)
    : Statement(line, column)
{
    public override Flow Execute(RenderContext context, Scope scope, StringBuilder output)
    {
        var inner = newScope ? new Scope(scope) : scope;
        foreach (var (target, value) in assignments)
        {
            target.Assign(inner, value.Evaluate(context, scope));
        }

        return ExecuteAll(body, context, inner, output);
    }
}

/// <summary>A macro parameter with its optional default.</summary>
internal sealed record MacroParameter(string Name, Expression? Default);

internal sealed class MacroDefinition(string name, IReadOnlyList<MacroParameter> parameters, IReadOnlyList<Statement> body, bool usesVarargs, bool usesKwargs, bool usesCaller)
{
    public string Name { get; } = name;

    public IReadOnlyList<MacroParameter> Parameters { get; } = parameters;

    public IReadOnlyList<Statement> Body { get; } = body;

    public bool UsesVarargs { get; } = usesVarargs;

    public bool UsesKwargs { get; } = usesKwargs;

    public bool UsesCaller { get; } = usesCaller;
}

internal sealed class MacroStatement(int line, int column, MacroDefinition definition) : Statement(line, column)
{
    public override Flow Execute(RenderContext context, Scope scope, StringBuilder output)
    {
        scope.Set(definition.Name, new Macro(definition, scope));
        return Flow.Normal;
    }
}

internal sealed class CallBlockStatement(int line, int column, CallExpression call, MacroDefinition callerDefinition) : Statement(line, column)
{
    public override Flow Execute(RenderContext context, Scope scope, StringBuilder output)
    {
        var callee = call.Callee.Evaluate(context, scope);
        var arguments = call.Arguments.Evaluate(context, scope);
        var caller = new Macro(callerDefinition, scope);
        object? result;
        try
        {
            result = callee is Macro macro
                ? macro.Invoke(context, arguments, caller)
                : CallExpression.Invoke(callee, context, arguments);
        }
        catch (PyException error)
        {
            throw Positioned(error);
        }

        output.Append(PyRepr.Str(result));
        return Flow.Normal;
    }
}

/// <summary>The left side of <c>set</c> or <c>for</c>: a name, a tuple of targets or a namespace attribute.</summary>
internal abstract class AssignTarget
{
    public abstract void Assign(Scope scope, object? value);
}

internal sealed class NameTarget(string name) : AssignTarget
{
    public override void Assign(Scope scope, object? value) => scope.Set(name, value);
}

internal sealed class TupleTarget(IReadOnlyList<AssignTarget> items) : AssignTarget
{
    public override void Assign(Scope scope, object? value)
    {
        var values = PyOps.Iterate(value);
        if (values.Count != items.Count)
        {
            throw new PyException(values.Count > items.Count
                ? $"too many values to unpack (expected {items.Count})"
                : $"not enough values to unpack (expected {items.Count}, got {values.Count})", "ValueError");
        }

        for (var i = 0; i < items.Count; i++)
        {
            items[i].Assign(scope, values[i]);
        }
    }
}

internal sealed class NamespaceTarget(string name, string attribute) : AssignTarget
{
    public override void Assign(Scope scope, object? value)
    {
        if (!scope.TryGet(name, out var target) || target is not PyNamespace ns)
        {
            throw new PyException("cannot assign attribute on non-namespace object", "TemplateRuntimeError");
        }

        ns.Attributes.Set(attribute, value);
    }
}
