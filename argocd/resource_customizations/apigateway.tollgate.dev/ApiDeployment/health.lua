-- Health of a Tollgate resource (apigateway.tollgate.dev) from the status the Tollgate operator
-- writes:
--   status.observedGeneration  the metadata.generation the conditions describe
--   Accepted    True: the spec is valid and compiled. False: it has errors (the message names
--               the field at fault) and is left out of the served config.
--   Programmed  True: the data plane serves a config holding the resource. False with reason
--               Pending: the data plane is loading the new config. False with another reason
--               (e.g. NoGateway: no Gateway serves the namespace): the user has to act.
--
-- Argo CD health:
--   status.observedGeneration is not metadata.generation     -> Progressing
--   a condition is False (but Programmed/Pending)            -> Degraded, with its message
--   a condition is missing, Unknown, Pending, or describes an
--   older generation                                         -> Progressing
--   Accepted and Programmed are True                         -> Healthy
--
-- Only Lua's base library is used, so the script runs in argocd-cm without useOpenLibs, and on
-- Lua 5.1 and 5.2 alike.

local hs = {}
local required = { "Accepted", "Programmed" }

local function findCondition(conditions, conditionType)
  for _, condition in ipairs(conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function isCurrent(condition, generation)
  return generation == nil or condition.observedGeneration == nil or condition.observedGeneration == generation
end

local function messageOf(condition)
  if condition.message ~= nil and condition.message ~= "" then
    return condition.message
  end
  return condition.type .. " is " .. tostring(condition.status) .. " (" .. tostring(condition.reason) .. ")"
end

if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Tollgate operator to report status"
  return hs
end

local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
if generation ~= nil and obj.status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the Tollgate operator to observe generation " .. tostring(generation)
  return hs
end

-- A False condition comes first: it names what the user has to fix, whatever else is pending.
for _, conditionType in ipairs(required) do
  local condition = findCondition(obj.status.conditions, conditionType)
  if condition ~= nil and condition.status == "False" and isCurrent(condition, generation)
      and not (conditionType == "Programmed" and condition.reason == "Pending") then
    hs.status = "Degraded"
    hs.message = messageOf(condition)
    return hs
  end
end

local healthyMessage = nil
for _, conditionType in ipairs(required) do
  local condition = findCondition(obj.status.conditions, conditionType)
  if condition == nil then
    hs.status = "Progressing"
    hs.message = "Waiting for the Tollgate operator to set condition " .. conditionType
    return hs
  end
  if not isCurrent(condition, generation) then
    hs.status = "Progressing"
    hs.message = "Waiting for the Tollgate operator to update condition " .. conditionType
        .. " to generation " .. tostring(generation)
    return hs
  end
  if condition.status ~= "True" then
    hs.status = "Progressing"
    hs.message = messageOf(condition)
    return hs
  end
  healthyMessage = messageOf(condition)
end

hs.status = "Healthy"
hs.message = healthyMessage
return hs
