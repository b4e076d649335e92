namespace Frugal.Core.Privacy;

/// <summary>The action for each entity type that applies to one request: a default plus per-type exceptions. Immutable.</summary>
public sealed class PrivacyPolicy
{
    private readonly Dictionary<string, PiiAction> _entities;

    public PrivacyPolicy(PiiAction mode, IReadOnlyDictionary<string, PiiAction>? entities = null)
    {
        Mode = mode;
        _entities = entities is null ? new(StringComparer.Ordinal) : new(entities, StringComparer.Ordinal);
        var any = mode != PiiAction.Off;
        foreach (var action in _entities.Values)
        {
            any |= action != PiiAction.Off;
        }

        IsActive = any;
    }

    public PiiAction Mode { get; }

    /// <summary>False when every entity type is off: the request is not scanned at all.</summary>
    public bool IsActive { get; }

    public IReadOnlyDictionary<string, PiiAction> Entities => _entities;

    public PiiAction ActionFor(PiiEntityType entity) => _entities.TryGetValue(entity.Name, out var action) ? action : Mode;

    /// <summary>This policy with a rule laid over it: the rule's mode replaces every action, then its entities override.</summary>
    public PrivacyPolicy With(PrivacyRule? rule)
    {
        if (rule is null)
        {
            return this;
        }

        var entities = rule.Mode is null ? new Dictionary<string, PiiAction>(_entities, StringComparer.Ordinal) : new Dictionary<string, PiiAction>(StringComparer.Ordinal);
        foreach (var (name, action) in rule.Entities)
        {
            entities[name] = action;
        }

        return new PrivacyPolicy(rule.Mode ?? Mode, entities);
    }

    /// <summary>The most protective of two policies, type by type (a route that may reach two providers follows the stricter).</summary>
    public PrivacyPolicy Strictest(PrivacyPolicy other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var entities = new Dictionary<string, PiiAction>(StringComparer.Ordinal);
        foreach (var name in _entities.Keys.Concat(other._entities.Keys))
        {
            var mine = _entities.TryGetValue(name, out var a) ? a : Mode;
            var theirs = other._entities.TryGetValue(name, out var b) ? b : other.Mode;
            entities[name] = (PiiAction)Math.Max((int)mine, (int)theirs);
        }

        return new PrivacyPolicy((PiiAction)Math.Max((int)Mode, (int)other.Mode), entities);
    }
}
