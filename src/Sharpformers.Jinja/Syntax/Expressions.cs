using System.Text;
using Sharpformers.Jinja.Runtime;

namespace Sharpformers.Jinja.Syntax;

/// <summary>An expression node; errors raised while evaluating it are tagged with its position.</summary>
internal abstract class Expression(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    public object? Evaluate(RenderContext context, Scope scope)
    {
        try
        {
            return EvaluateCore(context, scope);
        }
        catch (PyException error) when (!error.HasPosition)
        {
            error.Line = Line;
            error.Column = Column;
            throw;
        }
    }

    protected abstract object? EvaluateCore(RenderContext context, Scope scope);
}

internal sealed class ConstantExpression(int line, int column, object? value) : Expression(line, column)
{
    public object? Value { get; } = value;

    protected override object? EvaluateCore(RenderContext context, Scope scope) => Value;
}

internal sealed class NameExpression(int line, int column, string name) : Expression(line, column)
{
    public string Name { get; } = name;

    protected override object? EvaluateCore(RenderContext context, Scope scope)
    {
        if (scope.TryGet(Name, out var value) || Globals.TryGet(Name, out value))
        {
            return value;
        }

        return new Undefined($"'{Name}' is undefined");
    }
}

internal sealed class ListExpression(int line, int column, IReadOnlyList<Expression> items) : Expression(line, column)
{
    protected override object? EvaluateCore(RenderContext context, Scope scope)
    {
        var list = new List<object?>(items.Count);
        foreach (var item in items)
        {
            list.Add(item.Evaluate(context, scope));
        }

        return list;
    }
}

internal sealed class TupleExpression(int line, int column, IReadOnlyList<Expression> items) : Expression(line, column)
{
    public IReadOnlyList<Expression> Items { get; } = items;

    protected override object? EvaluateCore(RenderContext context, Scope scope)
    {
        var values = new object?[Items.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Items[i].Evaluate(context, scope);
        }

        return new PyTuple(values);
    }
}

internal sealed class DictExpression(int line, int column, IReadOnlyList<(Expression Key, Expression Value)> pairs) : Expression(line, column)
{
    protected override object? EvaluateCore(RenderContext context, Scope scope)
    {
        var dict = new PyDict();
        foreach (var (key, value) in pairs)
        {
            dict.Set(key.Evaluate(context, scope), value.Evaluate(context, scope));
        }

        return dict;
    }
}

internal sealed class AttributeExpression(int line, int column, Expression target, string name) : Expression(line, column)
{
    public Expression Target { get; } = target;

    public string Name { get; } = name;

    protected override object? EvaluateCore(RenderContext context, Scope scope) =>
        PyAttributes.GetAttribute(Target.Evaluate(context, scope), Name);
}

internal sealed class ItemExpression(int line, int column, Expression target, Expression key) : Expression(line, column)
{
    protected override object? EvaluateCore(RenderContext context, Scope scope) =>
        PyAttributes.GetItem(target.Evaluate(context, scope), key.Evaluate(context, scope));
}

internal sealed class SliceExpression(int line, int column, Expression target, Expression? start, Expression? stop, Expression? step) : Expression(line, column)
{
    protected override object? EvaluateCore(RenderContext context, Scope scope)
    {
        var value = target.Evaluate(context, scope);
        if (value is Undefined undefined)
        {
            throw undefined.Fail();
        }

        var from = Bound(start, context, scope);
        var to = Bound(stop, context, scope);
        var by = Bound(step, context, scope);
        return value switch
        {
            string s => PyText.Slice(s, from, to, by),
            Markup m => new Markup(PyText.Slice(m.Value, from, to, by)),
            List<object?> list => PySlice.Apply(list, from, to, by),
            PyTuple tuple => new PyTuple([.. PySlice.Apply(tuple, from, to, by)]),
            _ => new Undefined($"'{PyRepr.TypeName(value)} object' cannot be sliced"),
        };
    }

    private static long? Bound(Expression? expression, RenderContext context, Scope scope) => expression?.Evaluate(context, scope) switch
    {
        null => null,
        long l => l,
        bool b => b ? 1 : 0,
        var other => throw new PyException("slice indices must be integers or None or have an __index__ method"),
    };
}

internal sealed class CallExpression(int line, int column, Expression callee, ArgumentList arguments) : Expression(line, column)
{
    public Expression Callee { get; } = callee;

    public ArgumentList Arguments { get; } = arguments;

    protected override object? EvaluateCore(RenderContext context, Scope scope) =>
        Invoke(Callee.Evaluate(context, scope), context, Arguments.Evaluate(context, scope));

    public static object? Invoke(object? callee, RenderContext context, CallArguments arguments) => callee switch
    {
        IPyCallable callable => callable.Call(context, arguments),
        Undefined undefined => throw undefined.Fail(),
        _ => throw new PyException($"'{PyRepr.TypeName(callee)}' object is not callable"),
    };
}

/// <summary>The arguments written in a call, filter or test: positional, keyword, <c>*args</c> and <c>**kwargs</c>.</summary>
internal sealed class ArgumentList(
    IReadOnlyList<Expression> positional,
    IReadOnlyList<(string Name, Expression Value)> keywords,
    Expression? starArguments,
    Expression? starKeywords)
{
    public static readonly ArgumentList Empty = new([], [], null, null);

    public CallArguments Evaluate(RenderContext context, Scope scope)
    {
        var values = new List<object?>(positional.Count);
        foreach (var argument in positional)
        {
            values.Add(argument.Evaluate(context, scope));
        }

        if (starArguments is not null)
        {
            values.AddRange(PyOps.Iterate(starArguments.Evaluate(context, scope)));
        }

        var named = new List<KeyValuePair<string, object?>>(keywords.Count);
        foreach (var (name, value) in keywords)
        {
            named.Add(new(name, value.Evaluate(context, scope)));
        }

        if (starKeywords?.Evaluate(context, scope) is PyDict extra)
        {
            foreach (var pair in extra)
            {
                named.Add(new(PyRepr.Str(PyDict.Unwrap(pair.Key)), pair.Value));
            }
        }

        return new CallArguments(values, named);
    }
}

internal sealed class FilterExpression(int line, int column, Expression? target, string name, FilterFunction filter, ArgumentList arguments)
    : Expression(line, column)
{
    public string Name { get; } = name;

    protected override object? EvaluateCore(RenderContext context, Scope scope) =>
        filter(context, target!.Evaluate(context, scope), arguments.Evaluate(context, scope));

    /// <summary>Applies the filter to a value computed elsewhere (filter blocks, <c>set</c> blocks).</summary>
    public object? Apply(RenderContext context, Scope scope, object? value)
    {
        try
        {
            return filter(context, value, arguments.Evaluate(context, scope));
        }
        catch (PyException error) when (!error.HasPosition)
        {
            error.Line = Line;
            error.Column = Column;
            throw;
        }
    }
}

internal sealed class TestExpression(int line, int column, Expression target, TestFunction test, ArgumentList arguments, bool negated)
    : Expression(line, column)
{
    protected override object? EvaluateCore(RenderContext context, Scope scope)
    {
        var result = test(context, target.Evaluate(context, scope), arguments.Evaluate(context, scope));
        return negated ? !result : result;
    }
}

internal sealed class UnaryExpression(int line, int column, string op, Expression operand) : Expression(line, column)
{
    protected override object? EvaluateCore(RenderContext context, Scope scope)
    {
        var value = operand.Evaluate(context, scope);
        return op == "not" ? !PyOps.Truthy(value) : PyOps.Negate(value, op == "-");
    }
}

internal sealed class BinaryExpression(int line, int column, string op, Expression left, Expression right) : Expression(line, column)
{
    protected override object? EvaluateCore(RenderContext context, Scope scope)
    {
        var leftValue = left.Evaluate(context, scope);
        switch (op)
        {
            case "and":
                return PyOps.Truthy(leftValue) ? right.Evaluate(context, scope) : leftValue;
            case "or":
                return PyOps.Truthy(leftValue) ? leftValue : right.Evaluate(context, scope);
            default:
                return PyOps.Arithmetic(op, leftValue, right.Evaluate(context, scope));
        }
    }
}

internal sealed class ConcatExpression(int line, int column, IReadOnlyList<Expression> parts) : Expression(line, column)
{
    protected override object? EvaluateCore(RenderContext context, Scope scope)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            builder.Append(PyRepr.Str(part.Evaluate(context, scope)));
        }

        return builder.ToString();
    }
}

internal sealed class CompareExpression(int line, int column, Expression first, IReadOnlyList<(string Op, Expression Operand)> rest) : Expression(line, column)
{
    protected override object? EvaluateCore(RenderContext context, Scope scope)
    {
        var left = first.Evaluate(context, scope);
        foreach (var (op, operand) in rest)
        {
            var right = operand.Evaluate(context, scope);
            var holds = op switch
            {
                "==" => PyOps.PyEquals(left, right),
                "!=" => !PyOps.PyEquals(left, right),
                "in" => PyOps.Contains(right, left),
                "notin" => !PyOps.Contains(right, left),
                "<" => PyOps.Compare(left, right, op) < 0,
                "<=" => PyOps.Compare(left, right, op) <= 0,
                ">" => PyOps.Compare(left, right, op) > 0,
                _ => PyOps.Compare(left, right, op) >= 0,
            };
            if (!holds)
            {
                return false;
            }

            left = right;
        }

        return true;
    }
}

internal sealed class ConditionalExpression(int line, int column, Expression condition, Expression whenTrue, Expression? whenFalse) : Expression(line, column)
{
    protected override object? EvaluateCore(RenderContext context, Scope scope)
    {
        if (PyOps.Truthy(condition.Evaluate(context, scope)))
        {
            return whenTrue.Evaluate(context, scope);
        }

        return whenFalse is null
            ? new Undefined($"the inline if-expression on line {Line} evaluated to false and no else section was defined.")
            : whenFalse.Evaluate(context, scope);
    }
}
