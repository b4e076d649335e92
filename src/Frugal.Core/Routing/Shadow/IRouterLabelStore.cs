namespace Frugal.Core.Routing.Shadow;

/// <summary>Where shadow labels are kept (the <c>router_labels</c> table of ledger.db) and read back for training.</summary>
public interface IRouterLabelStore
{
    Task AddAsync(RouterLabelRecord label, CancellationToken cancellationToken);

    /// <summary>Labels, oldest first; <paramref name="route"/> null for every route.</summary>
    Task<IReadOnlyList<RouterLabelRecord>> ReadAsync(string? route, CancellationToken cancellationToken);
}
