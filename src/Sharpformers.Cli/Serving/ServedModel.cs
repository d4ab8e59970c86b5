using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Serving;

/// <summary>Registers, maps and loads what <c>sharpformers serve</c> serves for a <see cref="ServedTask"/>.</summary>
internal static class ServedModel
{
    /// <summary>Registers the pipeline (and, for text generation, the chat client) of <paramref name="task"/>.</summary>
    public static void Register(SharpformersBuilder sharpformers, ServedTask task, string modelId)
    {
        switch (task)
        {
            case ServedTask.Embeddings:
                sharpformers.AddEmbeddingGenerator(modelId);
                break;
            case ServedTask.Rerank:
                sharpformers.Services.AddSingleton(services =>
                {
                    var options = new PipelineOptions();
                    options.Model.Dtype = services.GetRequiredService<IOptions<SharpformersOptions>>().Value.DefaultDtype;
                    return Pipeline.CreateReranking(modelId, options);
                });
                break;
            default:
                sharpformers.AddTextGenerationPipeline(modelId).AddChatClient();
                break;
        }
    }

    /// <summary>Maps the routes of <paramref name="task"/> and the OpenAI-shaped 404s of the others.</summary>
    public static void Map(WebApplication app, ServedTask task, ServeOptions options)
    {
        if (task == ServedTask.TextGeneration)
        {
            app.MapOpenAiEndpoints(options);
        }
        else
        {
            app.MapEncoderEndpoints(options, task);
        }

        app.MapNotServedEncoderEndpoints(options.ServedModelName, task);
    }

    /// <summary>Loads the model now, so a bad model fails the command instead of the first request.</summary>
    public static void Load(IServiceProvider services, ServedTask task)
    {
        _ = task switch
        {
            ServedTask.Embeddings => (object)services.GetRequiredService<SentenceEmbeddingPipeline>(),
            ServedTask.Rerank => services.GetRequiredService<RerankingPipeline>(),
            _ => services.GetRequiredService<TextGenerationPipeline>(),
        };
    }
}
