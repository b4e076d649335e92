namespace Frugal.Core.Pipeline;

/// <summary>
/// Composes stages around a terminal handler. Stages are applied in reverse so that the first
/// <c>Use</c> call becomes the outermost stage, as in Microsoft.Extensions.AI's ChatClientBuilder.
/// </summary>
public sealed class GatewayPipelineBuilder
{
    private readonly List<Func<IGatewayHandler, IServiceProvider, IGatewayHandler>> _stages = [];

    public GatewayPipelineBuilder Use(Func<IGatewayHandler, IServiceProvider, IGatewayHandler> stageFactory)
    {
        _stages.Add(stageFactory);
        return this;
    }

    public GatewayPipelineBuilder Use(Func<IGatewayHandler, IGatewayHandler> stageFactory)
        => Use((inner, _) => stageFactory(inner));

    /// <summary>
    /// Every stage, and the terminal, is wrapped in a <see cref="TracedStage"/> (one span per stage). A factory that
    /// returns its inner handler unchanged (a disabled stage) adds no span.
    /// </summary>
    public IGatewayHandler Build(IGatewayHandler terminal, IServiceProvider services)
    {
        IGatewayHandler handler = new TracedStage(terminal, TracedStage.NameOf(terminal));
        for (var i = _stages.Count - 1; i >= 0; i--)
        {
            var stage = _stages[i](handler, services);
            handler = ReferenceEquals(stage, handler) ? handler : new TracedStage(stage, TracedStage.NameOf(stage));
        }

        return handler;
    }
}
