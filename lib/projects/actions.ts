"use server";

import { serviceAction } from "@/lib/safe-action";
import { decideProjectSchema, submitProjectSchema } from "./schemas";
import { decideProjectRequest, submitProjectRequest } from "./service";

export const submitProjectAction = serviceAction("submitProject", submitProjectSchema, submitProjectRequest, "/projects");

export const decideProjectAction = serviceAction("decideProject", decideProjectSchema, decideProjectRequest, "/projects");
