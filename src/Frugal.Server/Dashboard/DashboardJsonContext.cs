using System.Text.Json.Serialization;
using Frugal.Core.Accounting.Dashboard;

namespace Frugal.Server.Dashboard;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DashboardSummary))]
[JsonSerializable(typeof(RecentRequestsPage))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
