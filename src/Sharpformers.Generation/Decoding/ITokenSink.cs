namespace Sharpformers.Generation.Decoding;

/// <summary>Receives each token as soon as it is chosen (streaming).</summary>
internal interface ITokenSink
{
    void OnToken(int row, long token, bool rowFinished);
}
