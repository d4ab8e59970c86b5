using System.Numerics;
using System.Text;

namespace Sharpformers.Jinja.Runtime;

/// <summary>Python operators over template values: truthiness, equality, ordering, arithmetic, membership.</summary>
internal static class PyOps
{
    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        BigInteger big => !big.IsZero,
        string s => s.Length > 0,
        Markup m => m.Value.Length > 0,
        List<object?> list => list.Count > 0,
        PyTuple tuple => tuple.Count > 0,
        PyDict dict => dict.Count > 0,
        Undefined => false,
        _ => true,
    };

    private static bool IsNumber(object? value) => value is long or double or bool or BigInteger;

    private static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        BigInteger big => (double)big,
        _ => throw new InvalidOperationException(),
    };

    private static BigInteger ToBig(object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        BigInteger big => big,
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Python ints: long while they fit, BigInteger beyond.</summary>
    public static object Normalize(BigInteger value) => value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;

    private static long ToLong(object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw new InvalidOperationException(),
    };

    private static string? AsString(object? value) => value switch
    {
        string s => s,
        Markup m => m.Value,
        _ => null,
    };

    public static bool PyEquals(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return left is double || right is double ? ToDouble(left) == ToDouble(right) : ToBig(left) == ToBig(right);
        }

        var leftString = AsString(left);
        var rightString = AsString(right);
        if (leftString is not null || rightString is not null)
        {
            return leftString is not null && rightString is not null && string.Equals(leftString, rightString, StringComparison.Ordinal);
        }

        switch (left)
        {
            case List<object?> l when right is List<object?> r:
                return SequenceEquals(l, r);
            case PyTuple l when right is PyTuple r:
                return SequenceEquals(l, r);
            case PyDict l when right is PyDict r:
                if (l.Count != r.Count)
                {
                    return false;
                }

                foreach (var pair in l)
                {
                    if (!r.TryGet(PyDict.Unwrap(pair.Key), out var other) || !PyEquals(pair.Value, other))
                    {
                        return false;
                    }
                }

                return true;
            case Undefined when right is Undefined:
                return true;
            default:
                return ReferenceEquals(left, right);
        }
    }

    private static bool SequenceEquals(IReadOnlyList<object?> left, IReadOnlyList<object?> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!PyEquals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Python three-way ordering for &lt;, &gt; and friends; raises TypeError for unorderable pairs.</summary>
    public static int Compare(object? left, object? right, string op)
    {
        if (left is Undefined u1)
        {
            throw u1.Fail();
        }

        if (right is Undefined u2)
        {
            throw u2.Fail();
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return left is double || right is double ? ToDouble(left).CompareTo(ToDouble(right)) : ToBig(left).CompareTo(ToBig(right));
        }

        var leftString = AsString(left);
        var rightString = AsString(right);
        if (leftString is not null && rightString is not null)
        {
            return Math.Sign(string.CompareOrdinal(leftString, rightString));
        }

        if ((left is List<object?> && right is List<object?>) || (left is PyTuple && right is PyTuple))
        {
            var l = (IReadOnlyList<object?>)left;
            var r = (IReadOnlyList<object?>)right;
            for (var i = 0; i < Math.Min(l.Count, r.Count); i++)
            {
                if (!PyEquals(l[i], r[i]))
                {
                    return Compare(l[i], r[i], op);
                }
            }

            return l.Count.CompareTo(r.Count);
        }

        throw new PyException($"'{op}' not supported between instances of '{PyRepr.TypeName(left)}' and '{PyRepr.TypeName(right)}'");
    }

    public static bool Contains(object? container, object? item)
    {
        switch (container)
        {
            case string or Markup:
                var needle = AsString(item) ?? throw new PyException($"'in <string>' requires string as left operand, not {PyRepr.TypeName(item)}");
                return AsString(container)!.Contains(needle, StringComparison.Ordinal);
            case PyDict dict:
                return dict.ContainsKey(item);
            case PyNamespace:
                throw new PyException("argument of type 'Namespace' is not iterable");
            default:
                foreach (var element in Iterate(container))
                {
                    if (PyEquals(element, item))
                    {
                        return true;
                    }
                }

                return false;
        }
    }

    /// <summary>What a Python <c>for</c> over the value yields.</summary>
    public static IReadOnlyList<object?> Iterate(object? value) => value switch
    {
        List<object?> list => list,
        PyTuple tuple => tuple,
        PyDict dict => dict.Keys.ToList(),
        string s => PyText.CodePoints(s),
        Markup m => PyText.CodePoints(m.Value),
        PyGenerator generator => generator.Items,
        Undefined => [],
        _ => throw new PyException($"'{PyRepr.TypeName(value)}' object is not iterable"),
    };

    public static long Length(object? value) => value switch
    {
        string s => PyText.Length(s),
        Markup m => PyText.Length(m.Value),
        List<object?> list => list.Count,
        PyTuple tuple => tuple.Count,
        PyDict dict => dict.Count,
        Undefined => 0,
        _ => throw new PyException($"object of type '{PyRepr.TypeName(value)}' has no len()"),
    };

    public static object? Add(object? left, object? right)
    {
        FailIfUndefined(left, right);
        if (left is Markup || right is Markup)
        {
            if ((left is string or Markup) && (right is string or Markup))
            {
                return new Markup(MarkupText.Escape(left) + MarkupText.Escape(right));
            }
        }

        switch (left)
        {
            case string l when right is string r:
                RenderBudget.CheckLength((long)l.Length + r.Length);
                return l + r;
            case List<object?> l when right is List<object?> r:
                RenderBudget.CheckLength((long)l.Count + r.Count);
                return new List<object?>(l.Concat(r));
            case PyTuple l when right is PyTuple r:
                return new PyTuple([.. l.Items, .. r.Items]);
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return left is double || right is double ? ToDouble(left) + ToDouble(right) : Normalize(ToBig(left) + ToBig(right));
        }

        throw Unsupported("+", left, right);
    }

    public static object? Arithmetic(string op, object? left, object? right)
    {
        FailIfUndefined(left, right);
        switch (op)
        {
            case "+":
                return Add(left, right);
            case "*":
                if ((left is string or Markup or List<object?> or PyTuple) && right is long or bool)
                {
                    return Repeat(left, ToLong(right));
                }

                if ((right is string or Markup or List<object?> or PyTuple) && left is long or bool)
                {
                    return Repeat(right, ToLong(left));
                }

                break;
            case "%":
                if (left is string or Markup)
                {
                    var formatted = PyFormat.Percent(AsString(left)!, right);
                    return left is Markup ? new Markup(formatted) : formatted;
                }

                break;
        }

        if (!IsNumber(left) || !IsNumber(right))
        {
            throw Unsupported(op, left, right);
        }

        var useDouble = left is double || right is double;
        switch (op)
        {
            case "-":
                return useDouble ? ToDouble(left) - ToDouble(right) : Normalize(ToBig(left) - ToBig(right));
            case "*":
                return useDouble ? ToDouble(left) * ToDouble(right) : Normalize(ToBig(left) * ToBig(right));
            case "/":
                if (ToDouble(right) == 0)
                {
                    throw new PyException("division by zero", "ZeroDivisionError");
                }

                return ToDouble(left) / ToDouble(right);
            case "//":
                if (ToDouble(right) == 0)
                {
                    throw new PyException("integer division or modulo by zero", "ZeroDivisionError");
                }

                return useDouble ? Math.Floor(ToDouble(left) / ToDouble(right)) : Normalize(FloorDiv(ToBig(left), ToBig(right)));
            case "%":
                if (ToDouble(right) == 0)
                {
                    throw new PyException("integer modulo by zero", "ZeroDivisionError");
                }

                if (useDouble)
                {
                    var a = ToDouble(left);
                    var b = ToDouble(right);
                    var remainder = a % b;
                    return remainder != 0 && (remainder < 0) != (b < 0) ? remainder + b : remainder;
                }
                else
                {
                    var a = ToBig(left);
                    var b = ToBig(right);
                    return Normalize(a - (b * FloorDiv(a, b)));
                }

            case "**":
                if (!useDouble && ToBig(right) >= 0)
                {
                    return Normalize(BigInteger.Pow(ToBig(left), (int)ToBig(right)));
                }

                return Math.Pow(ToDouble(left), ToDouble(right));
            default:
                throw Unsupported(op, left, right);
        }
    }

    public static object? Negate(object? value, bool negative)
    {
        FailIfUndefined(value, null);
        return value switch
        {
            long l => negative ? Normalize(-(BigInteger)l) : l,
            BigInteger big => Normalize(negative ? -big : big),
            bool b => (object)(negative ? -(b ? 1L : 0L) : (b ? 1L : 0L)),
            double d => (object)(negative ? -d : d),
            _ => throw new PyException($"bad operand type for unary {(negative ? '-' : '+')}: '{PyRepr.TypeName(value)}'"),
        };
    }

    private static BigInteger FloorDiv(BigInteger a, BigInteger b)
    {
        var quotient = BigInteger.DivRem(a, b, out var remainder);
        return !remainder.IsZero && ((a < 0) != (b < 0)) ? quotient - 1 : quotient;
    }

    private static object Repeat(object sequence, long times)
    {
        times = Math.Max(0, times);
        long unit = sequence switch { string s => s.Length, Markup m => m.Value.Length, PyTuple t => t.Items.Length, _ => ((List<object?>)sequence).Count };
        if (unit > 0 && times > int.MaxValue / unit)
        {
            RenderBudget.CheckLength(long.MaxValue);
            throw new PyException("cannot fit the repeated sequence into memory", "OverflowError");
        }

        RenderBudget.CheckLength(unit * times);
        switch (sequence)
        {
            case string s:
                return new StringBuilder().Insert(0, s, (int)times).ToString();
            case Markup m:
                return new Markup(new StringBuilder().Insert(0, m.Value, (int)times).ToString());
            case PyTuple tuple:
                var tupleItems = new List<object?>();
                for (var i = 0; i < times; i++)
                {
                    tupleItems.AddRange(tuple.Items);
                }

                return new PyTuple([.. tupleItems]);
            default:
                var list = (List<object?>)sequence;
                var result = new List<object?>();
                for (var i = 0; i < times; i++)
                {
                    result.AddRange(list);
                }

                return result;
        }
    }

    private static void FailIfUndefined(object? left, object? right)
    {
        if (left is Undefined u1)
        {
            throw u1.Fail();
        }

        if (right is Undefined u2)
        {
            throw u2.Fail();
        }
    }

    private static PyException Unsupported(string op, object? left, object? right)
    {
        if (op == "+" && left is string && right is not string)
        {
            return new PyException($"can only concatenate str (not \"{PyRepr.TypeName(right)}\") to str");
        }

        return new PyException($"unsupported operand type(s) for {op}: '{PyRepr.TypeName(left)}' and '{PyRepr.TypeName(right)}'");
    }
}
