/** A named group of users; policies include or exclude groups by name. */
import mongoose, { Schema, type Types } from 'mongoose';

export interface GroupRecord {
  _id: Types.ObjectId;
  name: string;
  description?: string;
  createdAt: Date;
  updatedAt: Date;
}

const groupSchema = new Schema<GroupRecord>({
  name: { type: String, required: true, unique: true, trim: true },
  description: { type: String },
}, { timestamps: true, collection: 'groups' });

export const Group = (mongoose.models.Group as mongoose.Model<GroupRecord> | undefined) ?? mongoose.model<GroupRecord>('Group', groupSchema);
