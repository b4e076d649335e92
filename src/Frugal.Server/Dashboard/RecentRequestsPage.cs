using Frugal.Core.Accounting.Dashboard;

namespace Frugal.Server.Dashboard;

/// <summary>The body of <c>/admin/dashboard/requests</c>.</summary>
public sealed record RecentRequestsPage(IReadOnlyList<RecentRequest> Requests, long? NextBeforeMs);
