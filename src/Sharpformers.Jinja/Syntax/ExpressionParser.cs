using Sharpformers.Jinja.Runtime;

namespace Sharpformers.Jinja.Syntax;

/// <summary>Expression grammar, with Jinja2's precedence (filters and tests bind tighter than arithmetic).</summary>
internal sealed partial class Parser
{
    private static readonly HashSet<string> CompareOperators = ["==", "!=", "<", "<=", ">", ">="];

    /// <summary>An expression, or a tuple when commas separate several (as in <c>{{ a, b }}</c> or <c>for</c> iterables).</summary>
    private Expression ParseTupleExpression(bool allowEmpty, bool withConditional = true)
    {
        var start = Current;
        var items = new List<Expression>();
        var sawComma = false;
        while (true)
        {
            if (items.Count > 0)
            {
                if (!Current.Is(TokenKind.Operator, ","))
                {
                    break;
                }

                Next();
                sawComma = true;
            }

            if (IsTupleEnd())
            {
                break;
            }

            items.Add(withConditional ? ParseExpression() : ParseOr());
        }

        if (!sawComma)
        {
            if (items.Count == 1)
            {
                return items[0];
            }

            if (!allowEmpty)
            {
                throw Error(Current, $"Expected an expression, got {Current.Describe()}");
            }
        }

        var (line, column) = PositionOf(start);
        return new TupleExpression(line, column, items);
    }

    private bool IsTupleEnd() =>
        Current.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd or TokenKind.EndOfFile
        || Current.Is(TokenKind.Operator, ")");

    private Expression ParseExpression()
    {
        var start = Current;
        var expression = ParseOr();
        while (Current.Is(TokenKind.Name, "if"))
        {
            Next();
            var condition = ParseOr();
            Expression? otherwise = null;
            if (Current.Is(TokenKind.Name, "else"))
            {
                Next();
                otherwise = ParseExpression();
            }

            var (line, column) = PositionOf(start);
            expression = new ConditionalExpression(line, column, condition, expression, otherwise);
        }

        return expression;
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (Current.Is(TokenKind.Name, "or"))
        {
            var (line, column) = PositionOf(Next());
            left = new BinaryExpression(line, column, "or", left, ParseAnd());
        }

        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (Current.Is(TokenKind.Name, "and"))
        {
            var (line, column) = PositionOf(Next());
            left = new BinaryExpression(line, column, "and", left, ParseNot());
        }

        return left;
    }

    private Expression ParseNot()
    {
        if (Current.Is(TokenKind.Name, "not"))
        {
            var (line, column) = PositionOf(Next());
            return new UnaryExpression(line, column, "not", ParseNot());
        }

        return ParseCompare();
    }

    private Expression ParseCompare()
    {
        var start = Current;
        var first = ParseMath1();
        var rest = new List<(string, Expression)>();
        while (true)
        {
            if (Current.Kind == TokenKind.Operator && CompareOperators.Contains(Current.Value))
            {
                var op = Next().Value;
                rest.Add((op, ParseMath1()));
            }
            else if (Current.Is(TokenKind.Name, "in"))
            {
                Next();
                rest.Add(("in", ParseMath1()));
            }
            else if (Current.Is(TokenKind.Name, "not") && Peek().Is(TokenKind.Name, "in"))
            {
                Next();
                Next();
                rest.Add(("notin", ParseMath1()));
            }
            else
            {
                break;
            }
        }

        if (rest.Count == 0)
        {
            return first;
        }

        var (line, column) = PositionOf(start);
        return new CompareExpression(line, column, first, rest);
    }

    private Expression ParseMath1()
    {
        var left = ParseConcat();
        while (Current.Kind == TokenKind.Operator && Current.Value is "+" or "-")
        {
            var token = Next();
            var (line, column) = PositionOf(token);
            left = new BinaryExpression(line, column, token.Value, left, ParseConcat());
        }

        return left;
    }

    private Expression ParseConcat()
    {
        var start = Current;
        var parts = new List<Expression> { ParseMath2() };
        while (Current.Is(TokenKind.Operator, "~"))
        {
            Next();
            parts.Add(ParseMath2());
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        var (line, column) = PositionOf(start);
        return new ConcatExpression(line, column, parts);
    }

    private Expression ParseMath2()
    {
        var left = ParsePow();
        while (Current.Kind == TokenKind.Operator && Current.Value is "*" or "/" or "//" or "%")
        {
            var token = Next();
            var (line, column) = PositionOf(token);
            left = new BinaryExpression(line, column, token.Value, left, ParsePow());
        }

        return left;
    }

    private Expression ParsePow()
    {
        var left = ParseUnary(withFilter: true);
        while (Current.Is(TokenKind.Operator, "**"))
        {
            var token = Next();
            var (line, column) = PositionOf(token);
            left = new BinaryExpression(line, column, "**", left, ParseUnary(withFilter: true));
        }

        return left;
    }

    private Expression ParseUnary(bool withFilter)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        Expression node;
        if (Current.Kind == TokenKind.Operator && Current.Value is "-" or "+")
        {
            var token = Next();
            var (line, column) = PositionOf(token);
            node = new UnaryExpression(line, column, token.Value, ParseUnary(withFilter: false));
        }
        else
        {
            node = ParsePrimary();
        }

        node = ParsePostfix(node);
        return withFilter ? ParseFilterTail(node) : node;
    }

    private Expression ParsePrimary()
    {
        var token = Current;
        var (line, column) = PositionOf(token);
        switch (token.Kind)
        {
            case TokenKind.Name:
                Next();
                return token.Value switch
                {
                    "true" or "True" => new ConstantExpression(line, column, true),
                    "false" or "False" => new ConstantExpression(line, column, false),
                    "none" or "None" => new ConstantExpression(line, column, null),
                    _ => new NameExpression(line, column, token.Value),
                };
            case TokenKind.String:
                var text = (string)token.Literal!;
                Next();
                while (Current.Kind == TokenKind.String)
                {
                    text += (string)Next().Literal!;
                }

                return new ConstantExpression(line, column, text);
            case TokenKind.Integer or TokenKind.Float:
                Next();
                return new ConstantExpression(line, column, token.Literal);
            case TokenKind.Operator when token.Value == "(":
                Next();
                var inner = ParseTupleExpression(allowEmpty: true);
                ExpectOperator(")");
                return inner;
            case TokenKind.Operator when token.Value == "[":
                Next();
                var items = new List<Expression>();
                while (!Current.Is(TokenKind.Operator, "]"))
                {
                    if (items.Count > 0)
                    {
                        ExpectOperator(",");
                        if (Current.Is(TokenKind.Operator, "]"))
                        {
                            break;
                        }
                    }

                    items.Add(ParseExpression());
                }

                Next();
                return new ListExpression(line, column, items);
            case TokenKind.Operator when token.Value == "{":
                Next();
                var pairs = new List<(Expression, Expression)>();
                while (!Current.Is(TokenKind.Operator, "}"))
                {
                    if (pairs.Count > 0)
                    {
                        ExpectOperator(",");
                        if (Current.Is(TokenKind.Operator, "}"))
                        {
                            break;
                        }
                    }

                    var key = ParseExpression();
                    ExpectOperator(":");
                    pairs.Add((key, ParseExpression()));
                }

                Next();
                return new DictExpression(line, column, pairs);
            default:
                throw Error(token, $"unexpected {token.Describe()}");
        }
    }

    private Expression ParsePostfix(Expression node)
    {
        while (true)
        {
            var token = Current;
            var (line, column) = PositionOf(token);
            if (token.Is(TokenKind.Operator, "."))
            {
                Next();
                var attribute = Next();
                node = attribute.Kind switch
                {
                    TokenKind.Name => new AttributeExpression(line, column, node, attribute.Value),
                    TokenKind.Integer => new ItemExpression(line, column, node, new ConstantExpression(line, column, attribute.Literal)),
                    _ => throw Error(attribute, "expected name or number"),
                };
            }
            else if (token.Is(TokenKind.Operator, "["))
            {
                Next();
                node = ParseSubscript(node, line, column);
            }
            else if (token.Is(TokenKind.Operator, "("))
            {
                node = new CallExpression(node.Line, node.Column, node, ParseCallArguments());
            }
            else
            {
                return node;
            }
        }
    }

    private Expression ParseSubscript(Expression target, int line, int column)
    {
        Expression? start = null;
        if (!Current.Is(TokenKind.Operator, ":"))
        {
            start = ParseExpression();
            if (Current.Is(TokenKind.Operator, "]"))
            {
                Next();
                return new ItemExpression(line, column, target, start);
            }

            if (Current.Is(TokenKind.Operator, ","))
            {
                throw Error(Current, "tuple subscripts are not supported");
            }
        }

        ExpectOperator(":");
        Expression? stop = null;
        Expression? step = null;
        if (!Current.Is(TokenKind.Operator, "]") && !Current.Is(TokenKind.Operator, ":"))
        {
            stop = ParseExpression();
        }

        if (Current.Is(TokenKind.Operator, ":"))
        {
            Next();
            if (!Current.Is(TokenKind.Operator, "]"))
            {
                step = ParseExpression();
            }
        }

        ExpectOperator("]");
        return new SliceExpression(line, column, target, start, stop, step);
    }

    private ArgumentList ParseCallArguments()
    {
        ExpectOperator("(");
        var positional = new List<Expression>();
        var keywords = new List<(string, Expression)>();
        Expression? starArguments = null;
        Expression? starKeywords = null;
        var first = true;
        while (!Current.Is(TokenKind.Operator, ")"))
        {
            if (!first)
            {
                ExpectOperator(",");
                if (Current.Is(TokenKind.Operator, ")"))
                {
                    break;
                }
            }

            first = false;
            if (Current.Is(TokenKind.Operator, "*"))
            {
                Next();
                starArguments = ParseExpression();
            }
            else if (Current.Is(TokenKind.Operator, "**"))
            {
                Next();
                starKeywords = ParseExpression();
            }
            else if (Current.Kind == TokenKind.Name && Peek().Is(TokenKind.Operator, "="))
            {
                var name = Next().Value;
                Next();
                keywords.Add((name, ParseExpression()));
            }
            else
            {
                if (keywords.Count > 0)
                {
                    throw Error(Current, "Invalid argument syntax: positional argument follows keyword argument");
                }

                positional.Add(ParseExpression());
            }
        }

        Next();
        return new ArgumentList(positional, keywords, starArguments, starKeywords);
    }

    private Expression ParseFilterTail(Expression node)
    {
        while (true)
        {
            if (Current.Is(TokenKind.Operator, "|"))
            {
                Next();
                node = ParseFilter(node);
            }
            else if (Current.Is(TokenKind.Name, "is"))
            {
                node = ParseTest(node);
            }
            else if (Current.Is(TokenKind.Operator, "("))
            {
                var (line, column) = PositionOf(Current);
                node = new CallExpression(line, column, node, ParseCallArguments());
            }
            else
            {
                return node;
            }
        }
    }

    private FilterExpression ParseFilter(Expression? target)
    {
        var nameToken = ExpectKind(TokenKind.Name);
        var name = nameToken.Value;
        while (Current.Is(TokenKind.Operator, "."))
        {
            Next();
            name += "." + ExpectKind(TokenKind.Name).Value;
        }

        if (!Filters.TryGet(name, out var filter))
        {
            throw Error(nameToken, $"No filter named '{name}'.", "TemplateAssertionError");
        }

        var arguments = Current.Is(TokenKind.Operator, "(") ? ParseCallArguments() : ArgumentList.Empty;
        var (line, column) = PositionOf(nameToken);
        return new FilterExpression(line, column, target, name, filter, arguments);
    }

    private Expression ParseTest(Expression target)
    {
        var isToken = Next();
        var negated = false;
        if (Current.Is(TokenKind.Name, "not"))
        {
            Next();
            negated = true;
        }

        var nameToken = ExpectKind(TokenKind.Name);
        var name = nameToken.Value;
        while (Current.Is(TokenKind.Operator, "."))
        {
            Next();
            name += "." + ExpectKind(TokenKind.Name).Value;
        }

        if (!Tests.TryGet(name, out var test))
        {
            throw Error(nameToken, $"No test named '{name}'.", "TemplateAssertionError");
        }

        ArgumentList arguments;
        if (Current.Is(TokenKind.Operator, "("))
        {
            arguments = ParseCallArguments();
        }
        else if ((Current.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float
                  || Current.Is(TokenKind.Operator, "[") || Current.Is(TokenKind.Operator, "{"))
                 && !(Current.Is(TokenKind.Name, "else") || Current.Is(TokenKind.Name, "or") || Current.Is(TokenKind.Name, "and")))
        {
            if (Current.Is(TokenKind.Name, "is"))
            {
                throw Error(Current, "You cannot chain multiple tests with is");
            }

            var argument = ParsePostfix(ParsePrimary());
            arguments = new ArgumentList([argument], [], null, null);
        }
        else
        {
            arguments = ArgumentList.Empty;
        }

        var (line, column) = PositionOf(isToken);
        return new TestExpression(line, column, target, test, arguments, negated);
    }
}
