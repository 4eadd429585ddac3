// The two Lua scripts of the Redis bar store. A script runs atomically, and
// Redis replicates its effects as one MULTI/EXEC, so a replica (and a
// failover to it) never holds half a checkpoint.
//
// Keys of a slot: KEYS[1] the meta hash (owner, epoch, seq, offset, meta),
// KEYS[2] the entries hash (name -> state).

/**
 * ARGV: owner. Makes `owner` the slot's owner, counts the claim in `epoch`,
 * and returns the checkpoint read in the same step:
 * {'empty', epoch, seq} or {'restored', epoch, seq, offset, meta, {name, state, ...}}.
 */
export const CLAIM_SCRIPT = `
local epoch = redis.call('HINCRBY', KEYS[1], 'epoch', 1)
redis.call('HSET', KEYS[1], 'owner', ARGV[1])
local seq = redis.call('HGET', KEYS[1], 'seq')
if not seq then
  seq = '0'
  redis.call('HSET', KEYS[1], 'seq', seq)
end
local offset = redis.call('HGET', KEYS[1], 'offset')
if not offset then
  -- Entries without an offset belong to no checkpoint.
  redis.call('DEL', KEYS[2])
  return {'empty', epoch, seq}
end
return {'restored', epoch, seq, offset, redis.call('HGET', KEYS[1], 'meta'), redis.call('HGETALL', KEYS[2])}
`;

/**
 * ARGV: owner, mode ('delta' | 'full'), expected seq, offset, meta, then
 * name/state pairs. Returns {'written', seq}, {'fenced'} or {'diverged', reason}.
 * Checks come first and nothing is written unless all pass.
 */
export const WRITE_SCRIPT = `
local owner = redis.call('HGET', KEYS[1], 'owner')
if not owner then
  if ARGV[2] ~= 'full' then return {'diverged', 'missing'} end
  redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'epoch', '0', 'seq', '0')
elseif owner ~= ARGV[1] then
  return {'fenced'}
elseif ARGV[2] ~= 'full' and redis.call('HGET', KEYS[1], 'seq') ~= ARGV[3] then
  return {'diverged', 'sequence'}
end
if ARGV[2] == 'full' then redis.call('DEL', KEYS[2]) end
for i = 6, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
redis.call('HSET', KEYS[1], 'offset', ARGV[4], 'meta', ARGV[5])
return {'written', redis.call('HINCRBY', KEYS[1], 'seq', 1)}
`;
