using System.Threading.Channels;
using Sharpformers.Generation.Decoding;

namespace Sharpformers.Generation.Streaming;

/// <summary>Turns chosen tokens of the single streamed row into <see cref="GeneratedToken"/> items on a channel.</summary>
internal sealed class ChannelTokenSink(ChannelWriter<GeneratedToken> writer, IStreamingTokenDecoder? decoder) : ITokenSink
{
    public void OnToken(int row, long token, bool rowFinished)
    {
        var text = string.Empty;
        if (decoder is not null)
        {
            text = decoder.Append(checked((int)token));
            if (rowFinished)
            {
                text += decoder.Flush();
            }
        }

        writer.TryWrite(new GeneratedToken(token, text, rowFinished));
    }
}
