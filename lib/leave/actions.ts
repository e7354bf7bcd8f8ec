"use server";

import { serviceAction } from "@/lib/safe-action";
import { cancelLeaveSchema, decideLeaveSchema, submitLeaveSchema } from "./schemas";
import { cancelLeaveRequest, decideLeaveRequest, submitLeaveRequest } from "./service";

export const submitLeaveAction = serviceAction("submitLeave", submitLeaveSchema, submitLeaveRequest, "/leave");

export const cancelLeaveAction = serviceAction("cancelLeave", cancelLeaveSchema, cancelLeaveRequest, "/leave");

export const decideLeaveAction = serviceAction("decideLeave", decideLeaveSchema, decideLeaveRequest, "/leave");
