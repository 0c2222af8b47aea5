-- Health of a Tollgate ReferenceGrant (apigateway.tollgate.dev). A ReferenceGrant has no status:
-- it takes effect as soon as it exists (the operator reads it when it compiles a namespace the
-- grant admits), so it is Healthy, and the message says what it admits.
--
-- Only Lua's base library is used, so the script runs in argocd-cm without useOpenLibs, and on
-- Lua 5.1 and 5.2 alike.

local hs = {}

local function join(items, describe)
  local out = ""
  if items == nil then
    return out
  end
  for i, item in ipairs(items) do
    if i > 1 then
      out = out .. ", "
    end
    out = out .. describe(item)
  end
  return out
end

local function describeFrom(from)
  return tostring(from.kind) .. " in namespace " .. tostring(from.namespace)
end

local function describeTo(to)
  if to.name ~= nil and to.name ~= "" then
    return tostring(to.kind) .. " " .. to.name
  end
  return "every " .. tostring(to.kind)
end

hs.status = "Healthy"
if obj.spec == nil then
  hs.message = "Admits nothing"
  return hs
end
local from = join(obj.spec.from, describeFrom)
local to = join(obj.spec.to, describeTo)
if from == "" or to == "" then
  hs.message = "Admits nothing"
  return hs
end
hs.message = "Admits " .. from .. " to refer to " .. to
return hs
