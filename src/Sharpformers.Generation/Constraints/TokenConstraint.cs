using Sharpformers.Generation.Constraints.Automata;
using Sharpformers.Generation.Constraints.Json;
using Sharpformers.Generation.Constraints.Regex;

namespace Sharpformers.Generation.Constraints;

/// <summary>
/// What the generated text must be: a JSON value matching a schema, any JSON object, a regular expression, one of
/// several strings, a literal, a concatenation of those, or any grammar given as an <see cref="IByteAutomaton"/>.
/// Set it as <see cref="GenerationOptions.Constraint"/>. Instances are immutable and may be shared between calls and
/// threads; the compiled form (per tokenizer) is cached on the instance, so reuse one instance for one schema.
/// Invalid or unsatisfiable descriptions throw when the constraint is created, before any generation.
/// </summary>
public abstract class TokenConstraint
{
    private protected TokenConstraint()
    {
    }

    /// <summary>
    /// JSON matching a JSON Schema (the subset of OpenAI structured outputs and vLLM): <c>type</c> object (with
    /// <c>properties</c>, <c>required</c>, <c>additionalProperties</c>), array (<c>items</c>, <c>minItems</c>,
    /// <c>maxItems</c>), string (<c>enum</c>, <c>const</c>, <c>pattern</c>, <c>minLength</c>, <c>maxLength</c>,
    /// <c>format</c> date-time, date, time, uuid), integer and number (<c>minimum</c>, <c>maximum</c>, exclusive
    /// bounds), boolean, null, <c>anyOf</c>, <c>enum</c>/<c>const</c> of any value, <c>$ref</c> to <c>$defs</c> or
    /// <c>definitions</c>. Properties come in the schema's order; the text has no whitespace before or after the value.
    /// </summary>
    /// <param name="schemaJson">The schema as JSON text.</param>
    /// <returns>The constraint.</returns>
    /// <exception cref="UnsupportedSchemaException">A keyword or value outside the supported subset, or a schema no JSON text satisfies.</exception>
    public static TokenConstraint JsonSchema(string schemaJson) => JsonSchema(schemaJson, null);

    /// <summary>JSON matching a JSON Schema, with options (see <see cref="JsonSchema(string)"/>).</summary>
    /// <param name="schemaJson">The schema as JSON text.</param>
    /// <param name="options">Whitespace and nesting settings; null for the defaults.</param>
    /// <returns>The constraint.</returns>
    public static TokenConstraint JsonSchema(string schemaJson, JsonConstraintOptions? options)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        return new NfaConstraint(b => JsonSchemaCompiler.Compile(schemaJson, options ?? new JsonConstraintOptions(), b), "json schema");
    }

    /// <summary>Any JSON object (OpenAI's <c>json_object</c> response format), nested up to <see cref="JsonConstraintOptions.MaxNesting"/> levels.</summary>
    /// <returns>The constraint.</returns>
    public static TokenConstraint AnyJson() => AnyJson(null);

    /// <summary>Any JSON object, with options.</summary>
    /// <param name="options">Whitespace and nesting settings; null for the defaults.</param>
    /// <returns>The constraint.</returns>
    public static TokenConstraint AnyJson(JsonConstraintOptions? options)
    {
        var settings = options ?? new JsonConstraintOptions();
        return new NfaConstraint(b => new JsonGrammar(b, settings).AnyObject(settings.MaxNesting), "any JSON object");
    }

    /// <summary>
    /// Text that the regular expression matches as a whole (Python <c>re.fullmatch</c>). Supported: literals, <c>.</c>,
    /// classes, <c>\d \w \s</c> and negations, groups, alternation, <c>* + ? {n} {n,} {n,m}</c> (lazy forms too).
    /// </summary>
    /// <param name="pattern">The pattern.</param>
    /// <returns>The constraint.</returns>
    /// <exception cref="ArgumentException">Unsupported syntax (named with its position) or a pattern nothing matches.</exception>
    public static TokenConstraint Regex(string pattern)
    {
        var node = RegexParser.Parse(pattern);
        return new NfaConstraint(b => node.Build(b, insideJsonString: false), $"regex '{pattern}'");
    }

    /// <summary>Exactly one of the given strings.</summary>
    /// <param name="choices">The strings (at least one).</param>
    /// <returns>The constraint.</returns>
    public static TokenConstraint Choice(IEnumerable<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        string[] list = [.. choices];
        if (list.Length == 0)
        {
            throw new ArgumentException("choice needs at least one string", nameof(choices));
        }

        foreach (var c in list)
        {
            ArgumentNullException.ThrowIfNull(c, nameof(choices));
        }

        return new NfaConstraint(b => b.Alternate(list.Select(b.Text).ToList()), "choice");
    }

    /// <summary>
    /// Exactly this text. An added token whose content is the whole literal (e.g. Qwen's <c>&lt;tool_call&gt;</c>) may
    /// spell it, as may ordinary tokens.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The constraint.</returns>
    public static TokenConstraint Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new NfaConstraint(
            b =>
            {
                var atomic = b.Atomic;
                b.Atomic = true;
                var fragment = b.Text(text);
                b.Atomic = atomic;
                return fragment;
            },
            "literal");
    }

    /// <summary>The parts one after the other (e.g. <c>&lt;tool_call&gt;\n</c>, a JSON schema, <c>\n&lt;/tool_call&gt;</c>).</summary>
    /// <param name="parts">Constraints created by the other factories (not <see cref="FromAutomaton"/>).</param>
    /// <returns>The constraint.</returns>
    public static TokenConstraint Sequence(params TokenConstraint[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0)
        {
            throw new ArgumentException("sequence needs at least one part", nameof(parts));
        }

        var nfaParts = new NfaConstraint[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            nfaParts[i] = parts[i] as NfaConstraint
                ?? throw new ArgumentException($"parts[{i}] is a custom automaton; only built-in constraints can be concatenated", nameof(parts));
        }

        return new NfaConstraint(b => b.Concat([.. nfaParts.Select(p => p.Build(b))]), "sequence");
    }

    /// <summary>Any grammar, given as a deterministic byte automaton (the grammar seam).</summary>
    /// <param name="automaton">The automaton; the constraint uses this one instance, under a lock.</param>
    /// <returns>The constraint.</returns>
    public static TokenConstraint FromAutomaton(IByteAutomaton automaton)
    {
        ArgumentNullException.ThrowIfNull(automaton);
        return new AutomatonConstraint(automaton);
    }

    /// <summary>The automaton of this constraint for one vocabulary (a new one per vocabulary, except for custom automata).</summary>
    internal abstract IByteAutomaton CreateAutomaton();

    private sealed class AutomatonConstraint(IByteAutomaton automaton) : TokenConstraint
    {
        internal override IByteAutomaton CreateAutomaton() => automaton;
    }
}

/// <summary>A constraint compiled to a byte NFA, determinised lazily per vocabulary.</summary>
internal sealed class NfaConstraint : TokenConstraint
{
    private readonly Func<NfaBuilder, NfaFragment> _build;
    private readonly Nfa _nfa;

    public NfaConstraint(Func<NfaBuilder, NfaFragment> build, string description)
    {
        _build = build;
        var builder = new NfaBuilder();
        _nfa = builder.Finish(build(builder));
        if (!_nfa.AcceptsSomething())
        {
            throw new UnsupportedSchemaException(null, $"the {description} constraint cannot be satisfied by any text");
        }
    }

    public NfaFragment Build(NfaBuilder builder) => _build(builder);

    internal override IByteAutomaton CreateAutomaton() => new LazyDfa(_nfa);
}
