using Analytics.Core.Json;

namespace Analytics.Core.StepFunctions;

/// <summary>
/// The state visits of one execution and, per event id, the visit the event belongs to, its role and (for
/// MapIterationStarted) the iteration index: <c>previousEventId</c> is a parent pointer, so an event finds its state
/// through its parent's link. Reused across executions (cleared, not reallocated).
/// </summary>
internal sealed class VisitTracker
{
    // Per event id: the visit it belongs to (+1; 0 = none), its role, and for MapIterationStarted the index.
    private int[] _linkVisit = new int[1024];
    private EventRole[] _linkRole = new EventRole[1024];
    private int[] _linkIndex = new int[1024];
    private Visit[] _visits = new Visit[64];

    public int Count { get; private set; }

    public ref Visit this[int visit] => ref _visits[visit];

    /// <summary>Forgets every visit and the links of event ids up to <paramref name="maxId"/>.</summary>
    public void Clear(long maxId)
    {
        Array.Clear(_linkVisit, 0, (int)Math.Min(maxId + 1, _linkVisit.Length));
        Count = 0;
    }

    /// <summary>A new visit (all default), by its number.</summary>
    public int Add()
    {
        if (Count == _visits.Length)
        {
            Array.Resize(ref _visits, _visits.Length * 2);
        }
        _visits[Count] = default;
        return Count++;
    }

    /// <summary>The visit event <paramref name="id"/> belongs to, or -1.</summary>
    public int VisitOf(long id) => id > 0 && id < _linkVisit.Length ? _linkVisit[id] - 1 : -1;

    /// <summary>Whether event <paramref name="id"/> belongs to a visit, with its role and iteration index.</summary>
    public bool TryGetLink(long id, out int visit, out EventRole role, out int index)
    {
        visit = VisitOf(id);
        role = visit >= 0 ? _linkRole[id] : default;
        index = visit >= 0 ? _linkIndex[id] : -1;
        return visit >= 0;
    }

    /// <summary>Links event <paramref name="id"/> (within capacity: see <see cref="EnsureCapacity"/>).</summary>
    public void Link(long id, int visit, EventRole role, int index)
    {
        _linkVisit[id] = visit + 1;
        _linkRole[id] = role;
        _linkIndex[id] = index;
    }

    public void EnsureCapacity(long id)
    {
        if (id < _linkVisit.Length)
        {
            return;
        }
        var size = _linkVisit.Length;
        while (size <= id)
        {
            size *= 2;
        }
        Array.Resize(ref _linkVisit, size);
        Array.Resize(ref _linkRole, size);
        Array.Resize(ref _linkIndex, size);
    }

    /// <summary>The open visit of <paramref name="type"/> the parent event belongs to, or encloses; failing that (the
    /// parent pointer of abort events is loose) the earliest open visit of that type.</summary>
    public int FindOpen(int parentVisit, StateType type)
    {
        for (var v = parentVisit; v >= 0; v = _visits[v].Enclosing)
        {
            if (_visits[v].Open && _visits[v].Type == type)
            {
                return v;
            }
        }
        for (var v = 0; v < Count; v++)
        {
            if (_visits[v].Open && _visits[v].Type == type)
            {
                return v;
            }
        }
        return -1;
    }

    /// <summary>The open visit named <paramref name="name"/> on the parent's chain, else the latest open one so named.</summary>
    public int FindOpenByName(int parentVisit, ReadOnlySpan<byte> name, StateType type, ByteArena strings)
    {
        for (var v = parentVisit; v >= 0; v = _visits[v].Enclosing)
        {
            if (IsOpenNamed(v, name, type, strings))
            {
                return v;
            }
        }
        for (var v = Count - 1; v >= 0; v--)
        {
            if (IsOpenNamed(v, name, type, strings))
            {
                return v;
            }
        }
        return -1;
    }

    private bool IsOpenNamed(int visit, ReadOnlySpan<byte> name, StateType type, ByteArena strings)
    {
        ref var v = ref _visits[visit];
        return v.Open && (type == StateType.None || v.Type == type) && strings.Get(v.Name).SequenceEqual(name);
    }
}
