using System.Text;
using Sharpformers.Jinja.Syntax;

namespace Sharpformers.Jinja.Runtime;

/// <summary>A macro defined with <c>{% macro %}</c> (or the body of a <c>{% call %}</c> block, as <c>caller</c>).</summary>
internal sealed class Macro(MacroDefinition definition, Scope closure) : IPyCallable
{
    private const int MaxDepth = 200;

    public string Name => definition.Name;

    public object? Call(RenderContext context, CallArguments arguments) => Invoke(context, arguments, caller: null);

    public object? Invoke(RenderContext context, CallArguments arguments, Macro? caller)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (++context.Depth > MaxDepth)
        {
            throw new PyException("maximum macro recursion depth exceeded", "RecursionError");
        }

        try
        {
            var scope = new Scope(closure);
            var parameters = definition.Parameters;
            var extra = new List<object?>();
            for (var i = 0; i < arguments.Positional.Count; i++)
            {
                if (i < parameters.Count)
                {
                    scope.Set(parameters[i].Name, arguments.Positional[i]);
                }
                else
                {
                    extra.Add(arguments.Positional[i]);
                }
            }

            if (extra.Count > 0 && !definition.UsesVarargs)
            {
                throw new PyException($"macro '{Name}' takes not more than {parameters.Count} argument(s)");
            }

            var extraKeywords = new PyDict();
            foreach (var pair in arguments.Keywords)
            {
                if (pair.Key == "caller" && definition.UsesCaller)
                {
                    scope.Set("caller", pair.Value);
                }
                else if (parameters.Any(parameter => parameter.Name == pair.Key))
                {
                    scope.Set(pair.Key, pair.Value);
                }
                else if (definition.UsesKwargs)
                {
                    extraKeywords.Set(pair.Key, pair.Value);
                }
                else
                {
                    throw new PyException($"macro '{Name}' takes no keyword argument '{pair.Key}'");
                }
            }

            for (var i = 0; i < parameters.Count; i++)
            {
                var parameter = parameters[i];
                if (!scope.TryGetLocal(parameter.Name))
                {
                    scope.Set(parameter.Name, parameter.Default is null
                        ? new Undefined($"parameter '{parameter.Name}' was not provided")
                        : parameter.Default.Evaluate(context, scope));
                }
            }

            if (definition.UsesVarargs)
            {
                scope.Set("varargs", new PyTuple([.. extra]));
            }

            if (definition.UsesKwargs)
            {
                scope.Set("kwargs", extraKeywords);
            }

            if (caller is not null)
            {
                scope.Set("caller", caller);
            }
            else if (definition.UsesCaller && !scope.TryGetLocal("caller"))
            {
                scope.Set("caller", new Undefined("No caller defined"));
            }

            var output = new StringBuilder();
            Statement.ExecuteAll(definition.Body, context, scope, output);
            return output.ToString();
        }
        finally
        {
            context.Depth--;
        }
    }
}
