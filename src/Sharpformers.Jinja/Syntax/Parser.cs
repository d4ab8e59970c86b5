using Sharpformers.Jinja.Runtime;

namespace Sharpformers.Jinja.Syntax;

/// <summary>Builds the statement tree of a template from its tokens (Jinja2's grammar, transformers' extensions).</summary>
internal sealed partial class Parser
{
    private readonly SourceText source;
    private readonly List<Token> tokens;
    private int index;

    public Parser(SourceText source)
    {
        this.source = source;
        tokens = new Lexer(source).Tokenize();
    }

    private Token Current => tokens[index];

    private Token Peek(int offset = 1) => tokens[Math.Min(index + offset, tokens.Count - 1)];

    private Token Next() => tokens[index++];

    public IReadOnlyList<Statement> ParseTemplate()
    {
        var body = ParseBody([], out _);
        return body;
    }

    /// <summary>Parses statements until a block tag named in <paramref name="endTags"/>; leaves the stream after that tag's name.</summary>
    private List<Statement> ParseBody(string[] endTags, out string endTag)
    {
        var body = new List<Statement>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Data:
                    Next();
                    var (line, column) = source.Position(token.Offset);
                    body.Add(new DataStatement(line, column, token.Value));
                    break;
                case TokenKind.VariableBegin:
                    Next();
                    var expression = ParseTupleExpression(allowEmpty: false);
                    Expect(TokenKind.VariableEnd);
                    body.Add(new PrintStatement(expression.Line, expression.Column, expression));
                    break;
                case TokenKind.BlockBegin:
                    Next();
                    var name = Current;
                    if (name.Kind != TokenKind.Name)
                    {
                        throw Error(name, "tag name expected");
                    }

                    if (endTags.Contains(name.Value))
                    {
                        Next();
                        endTag = name.Value;
                        return body;
                    }

                    body.Add(ParseStatement());
                    break;
                case TokenKind.EndOfFile:
                    if (endTags.Length > 0)
                    {
                        throw Error(token, $"Unexpected end of template. Jinja was looking for the following tags: {string.Join(" or ", endTags.Select(tag => $"'{tag}'"))}.");
                    }

                    endTag = "";
                    return body;
                default:
                    throw Error(token, $"unexpected {token.Describe()}");
            }
        }
    }

    private Statement ParseStatement()
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var tag = Next();
        var (line, column) = source.Position(tag.Offset);
        switch (tag.Value)
        {
            case "if":
                return ParseIf(line, column);
            case "for":
                return ParseFor(line, column);
            case "set":
                return ParseSet(line, column);
            case "macro":
                return ParseMacro(line, column);
            case "call":
                return ParseCallBlock(line, column);
            case "filter":
                var filters = ParseFilterChain();
                Expect(TokenKind.BlockEnd);
                var filterBody = ParseBody(["endfilter"], out _);
                Expect(TokenKind.BlockEnd);
                return new FilterBlockStatement(line, column, filters, filterBody);
            case "break" or "continue":
                Expect(TokenKind.BlockEnd);
                return new LoopControlStatement(line, column, tag.Value == "break" ? Flow.Break : Flow.Continue);
            case "generation":
                Expect(TokenKind.BlockEnd);
                var generationBody = ParseBody(["endgeneration"], out _);
                Expect(TokenKind.BlockEnd);
                return new ScopedBlockStatement(line, column, [], generationBody, newScope: false);
            case "with":
                return ParseWith(line, column);
            default:
                throw Error(tag, $"Encountered unknown tag '{tag.Value}'.");
        }
    }

    private Statement ParseIf(int line, int column)
    {
        var branches = new List<(Expression, IReadOnlyList<Statement>)>();
        IReadOnlyList<Statement>? otherwise = null;
        var condition = ParseTupleExpression(allowEmpty: false, withConditional: false);
        Expect(TokenKind.BlockEnd);
        while (true)
        {
            var body = ParseBody(["elif", "else", "endif"], out var endTag);
            branches.Add((condition, body));
            if (endTag == "elif")
            {
                condition = ParseTupleExpression(allowEmpty: false, withConditional: false);
                Expect(TokenKind.BlockEnd);
                continue;
            }

            if (endTag == "else")
            {
                Expect(TokenKind.BlockEnd);
                otherwise = ParseBody(["endif"], out _);
            }

            Expect(TokenKind.BlockEnd);
            return new IfStatement(line, column, branches, otherwise);
        }
    }

    private Statement ParseFor(int line, int column)
    {
        var target = ParseAssignTarget(allowNamespace: false);
        ExpectName("in");
        var iterable = ParseTupleExpression(allowEmpty: false, withConditional: false);
        Expression? filter = null;
        if (Current.Is(TokenKind.Name, "if"))
        {
            Next();
            filter = ParseExpression();
        }

        if (Current.Is(TokenKind.Name, "recursive"))
        {
            throw Error(Current, "recursive for loops are not supported");
        }

        Expect(TokenKind.BlockEnd);
        var body = ParseBody(["endfor", "else"], out var endTag);
        IReadOnlyList<Statement>? otherwise = null;
        if (endTag == "else")
        {
            Expect(TokenKind.BlockEnd);
            otherwise = ParseBody(["endfor"], out _);
        }

        Expect(TokenKind.BlockEnd);
        return new ForStatement(line, column, target, iterable, filter, body, otherwise);
    }

    private Statement ParseSet(int line, int column)
    {
        var target = ParseAssignTarget(allowNamespace: true);
        if (Current.Is(TokenKind.Operator, "="))
        {
            Next();
            var value = ParseTupleExpression(allowEmpty: false);
            Expect(TokenKind.BlockEnd);
            return new SetStatement(line, column, target, value);
        }

        var filters = ParseFilterChain();
        Expect(TokenKind.BlockEnd);
        var body = ParseBody(["endset"], out _);
        Expect(TokenKind.BlockEnd);
        return new SetBlockStatement(line, column, target, filters, body);
    }

    private Statement ParseWith(int line, int column)
    {
        var assignments = new List<(AssignTarget, Expression)>();
        while (Current.Kind != TokenKind.BlockEnd)
        {
            if (assignments.Count > 0)
            {
                ExpectOperator(",");
            }

            var target = ParseAssignTarget(allowNamespace: false);
            ExpectOperator("=");
            assignments.Add((target, ParseExpression()));
        }

        Expect(TokenKind.BlockEnd);
        var body = ParseBody(["endwith"], out _);
        Expect(TokenKind.BlockEnd);
        return new ScopedBlockStatement(line, column, assignments, body, newScope: true);
    }

    private Statement ParseMacro(int line, int column)
    {
        var name = ExpectKind(TokenKind.Name).Value;
        var parameters = ParseParameters();
        Expect(TokenKind.BlockEnd);
        var start = index;
        var body = ParseBody(["endmacro"], out _);
        var uses = NamesUsed(start, index);
        Expect(TokenKind.BlockEnd);
        return new MacroStatement(line, column, new MacroDefinition(name, parameters, body, uses.Contains("varargs"), uses.Contains("kwargs"), uses.Contains("caller")));
    }

    private Statement ParseCallBlock(int line, int column)
    {
        var parameters = Current.Is(TokenKind.Operator, "(") ? ParseParameters() : [];
        var call = ParseExpression() as CallExpression ?? throw Error(Current, "expected call");
        Expect(TokenKind.BlockEnd);
        var start = index;
        var body = ParseBody(["endcall"], out _);
        var uses = NamesUsed(start, index);
        Expect(TokenKind.BlockEnd);
        var caller = new MacroDefinition("caller", parameters, body, uses.Contains("varargs"), uses.Contains("kwargs"), uses.Contains("caller"));
        return new CallBlockStatement(line, column, call, caller);
    }

    private HashSet<string> NamesUsed(int from, int to)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = from; i < to; i++)
        {
            if (tokens[i].Kind == TokenKind.Name)
            {
                names.Add(tokens[i].Value);
            }
        }

        return names;
    }

    private List<MacroParameter> ParseParameters()
    {
        ExpectOperator("(");
        var parameters = new List<MacroParameter>();
        while (!Current.Is(TokenKind.Operator, ")"))
        {
            if (parameters.Count > 0)
            {
                ExpectOperator(",");
                if (Current.Is(TokenKind.Operator, ")"))
                {
                    break;
                }
            }

            var name = ExpectKind(TokenKind.Name).Value;
            Expression? fallback = null;
            if (Current.Is(TokenKind.Operator, "="))
            {
                Next();
                fallback = ParseExpression();
            }
            else if (parameters.Count > 0 && parameters[^1].Default is not null)
            {
                throw Error(Current, "non-default argument follows default argument");
            }

            parameters.Add(new MacroParameter(name, fallback));
        }

        Next();
        return parameters;
    }

    private List<FilterExpression> ParseFilterChain()
    {
        var filters = new List<FilterExpression>();
        var first = true;
        while (first || Current.Is(TokenKind.Operator, "|"))
        {
            if (Current.Is(TokenKind.Operator, "|"))
            {
                Next();
            }
            else if (!first || Current.Kind != TokenKind.Name)
            {
                break;
            }

            first = false;
            filters.Add(ParseFilter(target: null));
        }

        return filters;
    }

    private AssignTarget ParseAssignTarget(bool allowNamespace)
    {
        var targets = new List<AssignTarget>();
        var parenthesized = false;
        if (Current.Is(TokenKind.Operator, "("))
        {
            Next();
            parenthesized = true;
        }

        while (true)
        {
            var name = ExpectKind(TokenKind.Name);
            if (allowNamespace && Current.Is(TokenKind.Operator, "."))
            {
                Next();
                var attribute = ExpectKind(TokenKind.Name).Value;
                targets.Add(new NamespaceTarget(name.Value, attribute));
            }
            else
            {
                if (name.Value is "true" or "false" or "none" or "True" or "False" or "None")
                {
                    throw Error(name, $"Can't assign to special constant '{name.Value}'");
                }

                targets.Add(new NameTarget(name.Value));
            }

            if (!Current.Is(TokenKind.Operator, ","))
            {
                break;
            }

            Next();
            if (Current.Kind != TokenKind.Name)
            {
                break;
            }
        }

        if (parenthesized)
        {
            ExpectOperator(")");
        }

        return targets.Count == 1 && !parenthesized ? targets[0] : new TupleTarget(targets);
    }

    private Token Expect(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            var expected = kind switch
            {
                TokenKind.BlockEnd => "end of statement block",
                TokenKind.VariableEnd => "end of print statement",
                _ => kind.ToString(),
            };
            throw Error(Current, $"expected token '{expected}', got {Current.Describe()}");
        }

        return Next();
    }

    private Token ExpectKind(TokenKind kind) => Current.Kind == kind ? Next() : throw Error(Current, $"expected {kind.ToString().ToLowerInvariant()}, got {Current.Describe()}");

    private void ExpectOperator(string op)
    {
        if (!Current.Is(TokenKind.Operator, op))
        {
            throw Error(Current, $"expected token '{op}', got {Current.Describe()}");
        }

        Next();
    }

    private void ExpectName(string name)
    {
        if (!Current.Is(TokenKind.Name, name))
        {
            throw Error(Current, $"expected token '{name}', got {Current.Describe()}");
        }

        Next();
    }

    private PyException Error(Token token, string message, string kind = "TemplateSyntaxError")
    {
        var (line, column) = source.Position(token.Offset);
        return new PyException(message, kind) { Line = line, Column = column };
    }

    private (int Line, int Column) PositionOf(Token token) => source.Position(token.Offset);
}
