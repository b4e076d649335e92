namespace Frugal.Core.Budgets.Storage;

/// <summary>The shared budget store (Redis) could not be reached; <c>budgets.onStoreUnavailable</c> decides what happens.</summary>
public sealed class BudgetStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
