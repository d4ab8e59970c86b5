using System.Threading.Channels;
using Sharpformers.Generation.Decoding;

namespace Sharpformers.Generation.Streaming;

/// <summary>
/// Turns chosen tokens of the single streamed row into <see cref="GeneratedToken"/> items on its own unbounded channel (one
/// producer, the decode loop; one consumer, the enumerating caller), with text from the request's tokenizer when it has one.
/// </summary>
internal sealed class ChannelTokenSink : ITokenSink
{
    private readonly Channel<GeneratedToken> _channel = Channel.CreateUnbounded<GeneratedToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly IStreamingTokenDecoder? _decoder;

    /// <summary>Creates the sink and its channel.</summary>
    /// <param name="options">The request's options: its <see cref="GenerationOptions.Tokenizer"/> (none: empty texts) and <see cref="GenerationOptions.SkipSpecialTokens"/>.</param>
    public ChannelTokenSink(GenerationOptions options) =>
        _decoder = options.Tokenizer?.CreateStreamingDecoder(options.SkipSpecialTokens);

    /// <summary>The end the producer completes (with the failure, if any) when the request ends.</summary>
    public ChannelWriter<GeneratedToken> Writer => _channel.Writer;

    /// <summary>The end the caller enumerates.</summary>
    public ChannelReader<GeneratedToken> Reader => _channel.Reader;

    public void OnToken(int row, long token, bool rowFinished)
    {
        var text = string.Empty;
        if (_decoder is not null)
        {
            text = _decoder.Append(checked((int)token));
            if (rowFinished)
            {
                text += _decoder.Flush();
            }
        }

        _channel.Writer.TryWrite(new GeneratedToken(token, text, rowFinished));
    }
}
