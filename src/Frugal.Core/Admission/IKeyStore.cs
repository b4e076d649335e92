namespace Frugal.Core.Admission;

/// <summary>Where virtual keys live (SQLite in the data directory by default). The rules (unique names, limits) are <see cref="KeyAdministration"/>'s.</summary>
public interface IKeyStore
{
    /// <summary>Stores a new key; throws <see cref="KeyNameTakenException"/> when an active key already has its name.</summary>
    Task AddAsync(VirtualKeyRecord key, string keyHash, CancellationToken cancellationToken);

    Task<VirtualKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken);

    Task<VirtualKeyRecord?> FindByIdAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    Task<IReadOnlyList<VirtualKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Writes the mutable fields (team, tags, expiry, allowed models) of the key with <paramref name="key"/>'s id; false when there is none.</summary>
    Task<bool> UpdateAsync(VirtualKeyRecord key, CancellationToken cancellationToken);

    /// <summary>Revokes the active key with this id; false when there is none (unknown or already revoked).</summary>
    Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken);
}
