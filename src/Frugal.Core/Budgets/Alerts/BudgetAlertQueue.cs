using System.Threading.Channels;

namespace Frugal.Core.Budgets.Alerts;

/// <summary>
/// Fired alerts waiting for <see cref="BudgetAlertDispatcher"/>, so a slow webhook never holds a request.
/// Bounded: alerts fire at most once per threshold and window, so a full queue means the webhook is
/// down; the newest alert is then dropped and counted rather than growing memory.
/// </summary>
public sealed class BudgetAlertQueue
{
    public const int Capacity = 1024;

    private readonly Channel<BudgetAlert> _channel = Channel.CreateBounded<BudgetAlert>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public ChannelReader<BudgetAlert> Reader => _channel.Reader;

    public bool TryEnqueue(BudgetAlert alert) => _channel.Writer.TryWrite(alert);

    public void Complete() => _channel.Writer.TryComplete();
}
