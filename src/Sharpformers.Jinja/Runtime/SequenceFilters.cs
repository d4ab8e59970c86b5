using System.Text;

namespace Sharpformers.Jinja.Runtime;

/// <summary>Filters over sequences: select/reject(attr), map, unique, sort, dictsort, join, first/last, sum, min/max.</summary>
internal static class SequenceFilters
{
    /// <summary>Jinja's <c>make_attrgetter</c>: dotted path, item access first, integer parts as indices.</summary>
    private static Func<object?, object?> AttributeGetter(object? attribute, object? fallback = null, bool hasFallback = false)
    {
        if (attribute is long index)
        {
            return item => PyAttributes.GetItem(item, index);
        }

        var parts = PyRepr.Str(attribute).Split('.');
        return item =>
        {
            foreach (var part in parts)
            {
                item = PyAttributes.GetItem(item, long.TryParse(part, out var number) ? number : part);
            }

            return hasFallback && item is Undefined ? fallback : item;
        };
    }

    private static object? IgnoreCase(object? value) => value is string s ? PyText.Lower(s) : value;

    public static object? Select(RenderContext context, object? value, CallArguments arguments, bool byAttribute, bool keep)
    {
        if (!PyOps.Truthy(value))
        {
            return new PyGenerator([]);
        }

        var positional = arguments.Positional;
        var offset = 0;
        Func<object?, object?> getter = item => item;
        if (byAttribute)
        {
            getter = AttributeGetter(arguments.Get(0, "attribute", null));
            offset = 1;
        }

        Func<object?, bool> predicate;
        if (positional.Count > offset)
        {
            var testName = PyRepr.Str(positional[offset]);
            if (!Tests.TryGet(testName, out var test))
            {
                throw new PyException($"No test named '{testName}'.", "TemplateRuntimeError");
            }

            var testArguments = new CallArguments(positional.Skip(offset + 1).ToList(), arguments.Keywords.Where(pair => pair.Key != "attribute").ToList());
            predicate = item => test(context, item, testArguments);
        }
        else
        {
            predicate = PyOps.Truthy;
        }

        var result = new List<object?>();
        foreach (var item in PyOps.Iterate(value))
        {
            if (predicate(getter(item)) == keep)
            {
                result.Add(item);
            }
        }

        return new PyGenerator(result);
    }

    public static object? Map(RenderContext context, object? value, CallArguments arguments)
    {
        if (!PyOps.Truthy(value))
        {
            return new PyGenerator([]);
        }

        var result = new List<object?>();
        var items = PyOps.Iterate(value);
        if (arguments.Positional.Count == 0 && arguments.Has(-1, "attribute"))
        {
            var getter = AttributeGetter(arguments.Get(-1, "attribute", null), arguments.Get(-1, "default", null), arguments.Has(-1, "default"));
            foreach (var item in items)
            {
                result.Add(getter(item));
            }

            return new PyGenerator(result);
        }

        if (arguments.Positional.Count == 0)
        {
            return new PyGenerator([.. items]);
        }

        var filterName = PyRepr.Str(arguments.Positional[0]);
        if (!Filters.TryGet(filterName, out var filter))
        {
            throw new PyException($"No filter named '{filterName}'.", "TemplateRuntimeError");
        }

        var filterArguments = new CallArguments(arguments.Positional.Skip(1).ToList(), arguments.Keywords);
        foreach (var item in items)
        {
            result.Add(filter(context, item, filterArguments));
        }

        return new PyGenerator(result);
    }

    public static object? Unique(RenderContext context, object? value, CallArguments arguments)
    {
        var caseSensitive = PyOps.Truthy(arguments.Get(0, "case_sensitive", false));
        var attribute = arguments.Get(1, "attribute", null);
        var getter = attribute is null ? (item => item) : AttributeGetter(attribute);
        var seen = new PyDict();
        var result = new List<object?>();
        foreach (var item in PyOps.Iterate(value))
        {
            var key = getter(item);
            key = caseSensitive ? key : IgnoreCase(key);
            if (!seen.ContainsKey(key))
            {
                seen.Set(key, null);
                result.Add(item);
            }
        }

        return new PyGenerator(result);
    }

    public static object? Join(RenderContext context, object? value, CallArguments arguments)
    {
        var separator = PyRepr.Str(arguments.Get(0, "d", ""));
        var attribute = arguments.Get(1, "attribute", null);
        var getter = attribute is null ? (item => item) : AttributeGetter(attribute);
        var builder = new StringBuilder();
        var first = true;
        foreach (var item in PyOps.Iterate(value))
        {
            if (!first)
            {
                builder.Append(separator);
            }

            first = false;
            builder.Append(PyRepr.Str(getter(item)));
            RenderBudget.CheckLength(builder.Length);
        }

        return builder.ToString();
    }

    /// <summary>Jinja's <c>batch(linecount, fill_with=None)</c>: lists of <c>linecount</c> items, the last one padded.</summary>
    public static object? Batch(RenderContext context, object? value, CallArguments arguments)
    {
        var size = Filters.ToInteger(arguments.Get(0, "linecount", 1L));
        if (size <= 0)
        {
            throw new PyException("batch size must be positive", "ValueError");
        }

        var hasFill = arguments.Has(1, "fill_with") && arguments.Get(1, "fill_with", null) is not null;
        var fill = arguments.Get(1, "fill_with", null);
        var result = new List<object?>();
        List<object?>? current = null;
        foreach (var item in PyOps.Iterate(value))
        {
            current ??= [];
            current.Add(item);
            if (current.Count == size)
            {
                result.Add(current);
                current = null;
            }
        }

        if (current is not null)
        {
            while (hasFill && current.Count < size)
            {
                current.Add(fill);
            }

            result.Add(current);
        }

        return new PyGenerator(result);
    }

    /// <summary>Jinja's <c>slice(slices, fill_with=None)</c>: the items split into that many columns.</summary>
    public static object? SliceInto(RenderContext context, object? value, CallArguments arguments)
    {
        var items = new List<object?>(PyOps.Iterate(value));
        var slices = (int)Filters.ToInteger(arguments.Get(0, "slices", 1L));
        var hasFill = arguments.Get(1, "fill_with", null) is not null;
        var fill = arguments.Get(1, "fill_with", null);
        var perSlice = items.Count / slices;
        var withExtra = items.Count % slices;
        var offset = 0;
        var result = new List<object?>();
        for (var slice = 0; slice < slices; slice++)
        {
            var start = offset + (slice * perSlice);
            if (slice < withExtra)
            {
                offset++;
            }

            var end = offset + ((slice + 1) * perSlice);
            var part = items.GetRange(start, end - start);
            if (hasFill && slice >= withExtra)
            {
                part.Add(fill);
            }

            result.Add(part);
        }

        return new PyGenerator(result);
    }

    public static object? First(RenderContext context, object? value, CallArguments arguments)
    {
        var items = PyOps.Iterate(value);
        return items.Count > 0 ? items[0] : new Undefined("No first item, sequence was empty.");
    }

    public static object? Last(RenderContext context, object? value, CallArguments arguments)
    {
        if (value is PyGenerator)
        {
            throw new PyException("'generator' object is not reversible");
        }

        var items = PyOps.Iterate(value);
        return items.Count > 0 ? items[^1] : new Undefined("No last item, sequence was empty.");
    }

    public static object? Reverse(RenderContext context, object? value, CallArguments arguments)
    {
        switch (value)
        {
            case string s:
                return PyText.Slice(s, null, null, -1);
            case Markup m:
                return new Markup(PyText.Slice(m.Value, null, null, -1));
            default:
                var items = new List<object?>(PyOps.Iterate(value));
                items.Reverse();
                return new PyGenerator(items);
        }
    }

    public static object? Sort(RenderContext context, object? value, CallArguments arguments)
    {
        var reverse = PyOps.Truthy(arguments.Get(0, "reverse", false));
        var caseSensitive = PyOps.Truthy(arguments.Get(1, "case_sensitive", false));
        var attribute = arguments.Get(2, "attribute", null);
        var getter = attribute is null ? (item => item) : AttributeGetter(attribute);
        var items = new List<object?>(PyOps.Iterate(value));
        return SortBy(items, item => caseSensitive ? getter(item) : IgnoreCase(getter(item)), reverse);
    }

    public static object? DictSort(RenderContext context, object? value, CallArguments arguments)
    {
        if (value is not PyDict dict)
        {
            throw new PyException("You can only sort by either \"key\" or \"value\"", "FilterArgumentError");
        }

        var caseSensitive = PyOps.Truthy(arguments.Get(0, "case_sensitive", false));
        var byValue = PyRepr.Str(arguments.Get(1, "by", "key")) == "value";
        var reverse = PyOps.Truthy(arguments.Get(2, "reverse", false));
        var items = DictMethods.Items(dict);
        return SortBy(items, item =>
        {
            var part = ((PyTuple)item!)[byValue ? 1 : 0];
            return caseSensitive ? part : IgnoreCase(part);
        }, reverse);
    }

    private static List<object?> SortBy(List<object?> items, Func<object?, object?> key, bool reverse)
    {
        var keyed = items.Select((item, position) => (Key: key(item), Item: item, Position: position)).ToList();
        keyed.Sort((a, b) =>
        {
            var order = PyOps.Compare(a.Key, b.Key, "<");
            if (reverse)
            {
                order = -order;
            }

            return order != 0 ? order : a.Position.CompareTo(b.Position);
        });
        return keyed.Select(entry => entry.Item).ToList();
    }

    public static object? Sum(RenderContext context, object? value, CallArguments arguments)
    {
        var attribute = arguments.Get(0, "attribute", null);
        var getter = attribute is null ? (item => item) : AttributeGetter(attribute);
        var total = arguments.Get(1, "start", 0L);
        foreach (var item in PyOps.Iterate(value))
        {
            total = PyOps.Add(total, getter(item));
        }

        return total;
    }

    public static object? MinMax(object? value, CallArguments arguments, bool max)
    {
        var caseSensitive = PyOps.Truthy(arguments.Get(0, "case_sensitive", false));
        var attribute = arguments.Get(1, "attribute", null);
        var getter = attribute is null ? (item => item) : AttributeGetter(attribute);
        object? best = null;
        object? bestKey = null;
        var any = false;
        foreach (var item in PyOps.Iterate(value))
        {
            var key = caseSensitive ? getter(item) : IgnoreCase(getter(item));
            if (!any || (max ? PyOps.Compare(key, bestKey, ">") > 0 : PyOps.Compare(key, bestKey, "<") < 0))
            {
                best = item;
                bestKey = key;
                any = true;
            }
        }

        return any ? best : new Undefined($"No aggregated item, sequence was empty.");
    }
}
